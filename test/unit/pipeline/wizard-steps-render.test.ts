// The warehouse, sources and destinations steps rendered to HTML from the server-built wizard
// catalog (real Airbyte and Grouparoo forms) and the Rain Shield preset: what a person and a screen
// reader get. Every control has a label; a finding shows at its field, tied to it by
// aria-describedby; viewers get nothing editable; secrets show as set, never as values.
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { JsonPart, StepEditorProps } from '@/components/wizard/step-props';
import { DestinationsStep } from '@/components/wizard/steps/destinations-step';
import { SourcesStep } from '@/components/wizard/steps/sources-step';
import { WarehouseStep } from '@/components/wizard/steps/warehouse-step';
import { wizardCatalog } from '@/lib/pipeline/catalog/wizard-catalog';
import { sandboxSpec } from './spec-fixtures';

const catalog = wizardCatalog();
const spec = sandboxSpec();

function props<V>(value: V | undefined, more: Partial<StepEditorProps<V>> = {}): StepEditorProps<V> & { testSlot: (subject: string) => ReactNode } {
  return {
    value,
    onChange: () => {},
    errors: {},
    catalog,
    readOnly: false,
    onSecret: async () => ({ ok: true }),
    credentials: [],
    testSlot: (subject) => createElement('p', null, `TEST SLOT ${subject}`),
    ...more,
  };
}

const json = <T>(value: unknown) => JSON.parse(JSON.stringify(value)) as T;
const sources = () => json<JsonPart[]>(spec.sources);
const destinations = () => json<JsonPart[]>(spec.destinations);
const warehouse = () => json<JsonPart>(spec.warehouse);

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function controlTags(html: string): string[] {
  return [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]);
}

/** Every input, select and text area has an accessible name from a label, labelledby or aria-label. */
function unlabelled(html: string): string[] {
  return controlTags(html).filter((tag) => {
    const id = attr(tag, 'id');
    if (attr(tag, 'aria-label')) return false;
    const by = attr(tag, 'aria-labelledby');
    if (by) return !by.split(' ').every((ref) => html.includes(`id="${ref}"`));
    return !id || !html.includes(`for="${id}"`);
  });
}

/** The control with this id is marked invalid and described by an element that says `message`. */
function flagged(html: string, id: string, message: string): boolean {
  const tag = controlTags(html).find((t) => attr(t, 'id') === id);
  if (!tag || attr(tag, 'aria-invalid') !== 'true') return false;
  const described = (attr(tag, 'aria-describedby') ?? '').split(' ');
  return described.some((ref) => {
    const at = html.indexOf(`id="${ref}"`);
    return at >= 0 && html.slice(at, at + 800).includes(message);
  });
}

/** Controls a viewer could change (React writes `readOnly` as is: HTML attribute names ignore case). */
function editable(html: string): string[] {
  return controlTags(html).filter((tag) => !/\s(readonly|disabled)=""/i.test(tag));
}

const buttons = (html: string) => [...html.matchAll(/<button\b[^>]*>(.*?)<\/button>/g)].map((m) => m[1]?.replace(/<[^>]+>/g, '').trim());

describe('sources step', () => {
  const html = renderToStaticMarkup(createElement(SourcesStep, props(sources())));

  it('renders the four Rain Shield sources with streams in Airbyte’s words and schedules in words', () => {
    for (const name of ['zoom', 'salesforce', 'stripe', 'zendesk']) expect(html).toContain(`value="${name}_"`);
    expect(html.match(/Every hour at :00 \(UTC\)/g)).toHaveLength(4);
    expect(html).toContain('<option value="incremental_deduped_history" selected="">Incremental | Append + Deduped</option>');
    expect(html).toContain('value="SystemModstamp"');
    expect(html).toContain('TEST SLOT sources[0]');
    expect(html).toContain('TEST SLOT sources[3]');
    expect(buttons(html)).toContain('+ Add source');
  });

  it('labels every control', () => {
    expect(controlTags(html).length).toBeGreaterThan(40);
    expect(unlabelled(html)).toEqual([]);
  });

  it('shows secrets as set with the credential’s name, never a value field holding it', () => {
    expect(html).toContain('rain-shield-stripe-secret-key');
    expect(html).not.toMatch(/value="[^"]*rain-shield-stripe-secret-key/);
  });

  it('puts each finding at its field, including the connector’s settings, streams and schedule, and lists one no input shows', () => {
    const errors = {
      'sources[2].name': 'Another source is already named "zoom"',
      'sources[2].config.account_id': 'Required',
      'sources[1].streams[0].syncMode': 'Choose one of the sync modes',
      'sources[1].streams[0].cursorField[0]': 'Must be at least 1 characters long',
      'sources[0].schedule.timezone': 'Must be an IANA time zone, e.g. UTC or Europe/Paris',
      'sources[3].config.bogus': 'Unknown setting',
      'sources[1].config': 'Must be a group of settings',
      sources: 'Add at least one source',
    };
    const flaggedHtml = renderToStaticMarkup(createElement(SourcesStep, props(sources(), { errors })));
    expect(flagged(flaggedHtml, 'sources-2-name', 'Another source is already named &quot;zoom&quot;')).toBe(true);
    expect(flagged(flaggedHtml, 'sources-2-account_id', 'Required')).toBe(true);
    expect(flagged(flaggedHtml, 'sources-1-streams-0-mode', 'Choose one of the sync modes')).toBe(true);
    expect(flagged(flaggedHtml, 'sources-1-streams-0-cursor', 'Must be at least 1 characters long')).toBe(true);
    expect(flagged(flaggedHtml, 'sources-0-timezone', 'Must be an IANA time zone')).toBe(false);
    expect(flagged(flaggedHtml, 'sources-0-schedule-timezone', 'Must be an IANA time zone')).toBe(true);
    // Listed once, by the connector form (it knows which settings have no input).
    expect(flaggedHtml.match(/Unknown setting/g)).toHaveLength(1);
    expect(flaggedHtml).toContain('<code class="font-mono">bogus</code>: Unknown setting');
    expect(flaggedHtml).toContain('Must be a group of settings');
    expect(flaggedHtml).toContain('Add at least one source');
    // Untouched fields stay clean.
    expect(flagged(flaggedHtml, 'sources-0-name', '')).toBe(false);
  });

  it('for viewers: nothing editable, no add, remove or replace', () => {
    const readOnly = renderToStaticMarkup(createElement(SourcesStep, props(sources(), { readOnly: true })));
    expect(editable(readOnly)).toEqual([]);
    expect(buttons(readOnly).filter((b) => /Add|Remove|Replace|Save/.test(b ?? ''))).toEqual([]);
    expect(readOnly).toContain('value="zoom"');
  });

  it('an empty or malformed value renders the empty state rather than failing', () => {
    expect(renderToStaticMarkup(createElement(SourcesStep, props<JsonPart[]>(undefined)))).toContain('No sources yet');
    const odd = renderToStaticMarkup(createElement(SourcesStep, props(json<JsonPart[]>([{ name: 'x', type: 'nope', streams: 'all', schedule: 5 }]))));
    expect(odd).toContain('Not a source connector Tapestry offers: nope');
  });
});

describe('warehouse step', () => {
  it('offers Snowflake and PostgreSQL and no settings before one is chosen', () => {
    const html = renderToStaticMarkup(createElement(WarehouseStep, props<JsonPart>(undefined, { errors: { warehouse: 'Required' } })));
    expect(html).toContain('Snowflake');
    expect(html).toContain('Postgres');
    expect(html).not.toContain('TEST SLOT');
    expect(html).toContain('Required');
    expect(unlabelled(html)).toEqual([]);
  });

  it('renders the chosen warehouse’s form with its finding and the Test connection slot', () => {
    const html = renderToStaticMarkup(createElement(WarehouseStep, props(warehouse(), { errors: { 'warehouse.config.host': 'Required' } })));
    expect(html).toMatch(/id="warehouse-type-postgres"[^>]*checked=""/);
    expect(flagged(html, 'warehouse-host', 'Required')).toBe(true);
    expect(html).toContain('TEST SLOT warehouse');
    expect(unlabelled(html)).toEqual([]);
  });

  it('for viewers: the type and every setting shown, nothing editable, no switch confirmation', () => {
    const html = renderToStaticMarkup(createElement(WarehouseStep, props(warehouse(), { readOnly: true })));
    expect(editable(html)).toEqual([]);
    expect(html).toContain('value="127.0.0.1"');
    expect(html).toContain('rain-shield-warehouse-password');
    expect(html).not.toContain('<dialog');
  });
});

describe('destinations step', () => {
  const html = renderToStaticMarkup(
    createElement(DestinationsStep, props(destinations(), { errors: { 'destinations[1].mapping.LastName': 'Map a unified users column to LastName: the destination requires it', 'destinations[1].mapping.Id': 'Map a unified users column to Id' } })),
  );

  it('maps each destination field to a unified users column, required fields marked', () => {
    expect(html).toMatch(/<select[^>]*id="destinations-0-mapping-0"[^>]*>.*?<option value="email" selected="">email<\/option>/);
    expect(html).toContain('Column for email_address');
    expect(html).toContain('email_address<span aria-hidden="true" class="text-danger"> *</span><span class="sr-only"> (required)</span>');
    expect(html).toMatch(/>FNAME<\/th>/);
    expect(unlabelled(html)).toEqual([]);
    expect(buttons(html)).toContain('+ Add destination');
    expect(buttons(html)).toContain('Add field');
  });

  it('shows a mapping finding at its row and one about a field with no row above the table', () => {
    expect(flagged(html, 'destinations-1-mapping-1', 'Map a unified users column to LastName')).toBe(true);
    expect(html).toContain('Id: Map a unified users column to Id');
  });

  it('for viewers: nothing editable, no add or remove', () => {
    const readOnly = renderToStaticMarkup(createElement(DestinationsStep, props(destinations(), { readOnly: true })));
    expect(editable(readOnly)).toEqual([]);
    expect(buttons(readOnly).filter((b) => /Add|Remove|Replace|Save/.test(b ?? ''))).toEqual([]);
  });
});
