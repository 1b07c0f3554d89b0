// The pure pieces of the pipeline pages: the slug suggested from a name, relative times, the
// import's size check before sending, schedules in words, the tolerant view of a draft, and the
// settings rows that show secrets only as the credential they name.
import { describe, expect, it } from 'vitest';
import { connectorShape, settingRows } from '@/components/pipelines/config-rows';
import { pipelineView } from '@/components/pipelines/pipeline-view';
import { relativeWords } from '@/components/pipelines/relative-time';
import { scheduleText } from '@/components/pipelines/schedule-text';
import { suggestSlug } from '@/components/pipelines/slug-suggestion';
import { yamlSizeProblem } from '@/components/pipelines/yaml-size';
import { rainShieldPreset } from '@/lib/pipeline/presets/rain-shield';
import { SLUG_PATTERN } from '@/lib/pipeline/spec';

describe('suggestSlug', () => {
  it('turns a name into a slug the server accepts', () => {
    expect(suggestSlug('Customer 360')).toBe('customer-360');
    expect(suggestSlug('  Zoë’s  CRM -- sync!  ')).toBe('zoes-crm-sync');
    expect(suggestSlug('Ünïcödé Pipeline')).toBe('unicode-pipeline');
    for (const name of ['Customer 360', 'a'.repeat(80), '--x--', 'Rain Shield (copy)']) expect(suggestSlug(name)).toMatch(SLUG_PATTERN);
    expect(suggestSlug('a'.repeat(80))).toHaveLength(63);
  });

  it('suggests nothing for a name without letters or digits', () => {
    expect(suggestSlug('—!?')).toBe('');
  });
});

describe('relativeWords', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const ago = (seconds: number) => relativeWords(new Date(now.getTime() - seconds * 1000), now);
  it('says how long ago in the largest whole unit', () => {
    expect(ago(10)).toBe('just now');
    expect(ago(60)).toBe('1 minute ago');
    expect(ago(5 * 60 + 59)).toBe('5 minutes ago');
    expect(ago(3 * 3600)).toBe('3 hours ago');
    expect(ago(86_400)).toBe('yesterday');
    expect(ago(10 * 86_400)).toBe('last week');
    expect(ago(400 * 86_400)).toBe('last year');
  });
});

describe('yamlSizeProblem', () => {
  it('lets up to 1 MiB through and names the size of anything larger', () => {
    expect(yamlSizeProblem(1024 * 1024)).toBeUndefined();
    expect(yamlSizeProblem(1024 * 1024 + 1)).toBe('The file is 1.0 MB; the limit is 1 MiB.');
    expect(yamlSizeProblem(5_000_000)).toBe('The file is 5.0 MB; the limit is 1 MiB.');
  });
});

describe('scheduleText', () => {
  it('names presets and reads other expressions, always with the cron and its zone', () => {
    expect(scheduleText({ kind: 'cron', expression: '0 * * * *', timezone: 'UTC' })).toBe('Hourly (0 * * * *, UTC)');
    expect(scheduleText({ kind: 'cron', expression: '30 6 * * 1-5', timezone: 'Europe/Paris' })).toBe('At 06:30 on Monday to Friday (30 6 * * 1-5, Europe/Paris)');
    expect(scheduleText({ kind: 'manual' })).toMatch(/^Manual/);
  });

  it('says when a draft’s schedule is missing or invalid instead of guessing', () => {
    expect(scheduleText(undefined)).toBe('No schedule yet');
    expect(scheduleText({ kind: 'cron', expression: '' })).toBe('No schedule yet');
    expect(scheduleText({ kind: 'cron', expression: '61 * * * *', timezone: 'UTC' })).toBe('Not a valid schedule yet (61 * * * *)');
  });
});

describe('pipelineView', () => {
  it('reads a whole spec', () => {
    const spec = rainShieldPreset({ target: 'sandbox', warehouse: { host: 'h', port: 5432, database: 'warehouse', username: 'u' } });
    const view = pipelineView(spec);
    expect(view.target).toEqual({ kind: 'sandbox' });
    expect(view.warehouse?.type).toBe('postgres');
    expect(view.sources.map((s) => [s.name, s.type, s.prefix])).toEqual([
      ['zoom', 'zoom', 'zoom_'],
      ['salesforce', 'salesforce', 'salesforce_'],
      ['stripe', 'stripe', 'stripe_'],
      ['zendesk', 'zendesk-support', 'zendesk_'],
    ]);
    expect(view.sources[0]?.streams).toEqual(['users', 'webinar_registrants']);
    expect(view.destinations[0]?.mapping).toContainEqual(['email_address', 'email']);
  });

  it('shows what a broken or partial draft holds without throwing', () => {
    const view = pipelineView({ name: 'x', sources: [{ type: 'stripe' }, 'junk', { name: 'b', streams: 'all', config: [] }], destinations: {}, transformation: 3 });
    expect(view.target).toBeNull();
    expect(view.warehouse).toBeNull();
    expect(view.transformation).toBeNull();
    expect(view.destinations).toEqual([]);
    expect(view.sources).toEqual([
      { name: 'source 1', type: 'stripe', prefix: '', config: {}, streams: null, schedule: undefined },
      { name: 'b', type: '', prefix: '', config: {}, streams: null, schedule: undefined },
    ]);
    expect(pipelineView(null).sources).toEqual([]);
  });
});

describe('settingRows', () => {
  it('labels settings from the connector’s form and shows secrets only by credential name', () => {
    const rows = settingRows(
      { account_id: 'acct_1', client_secret: { secret: 'stripe-key' }, start_date: '2024-01-01T00:00:00Z', lookback_window_days: 0 },
      connectorShape('source', 'stripe'),
    );
    expect(rows).toEqual([
      { path: 'account_id', label: 'Account ID', value: { kind: 'text', text: 'acct_1' } },
      { path: 'client_secret', label: 'Secret Key', value: { kind: 'secret', credential: 'stripe-key' } },
      { path: 'start_date', label: expect.any(String), value: { kind: 'text', text: '2024-01-01T00:00:00Z' } },
      { path: 'lookback_window_days', label: 'Lookback Window in days', value: { kind: 'text', text: '0' } },
    ]);
  });

  it('never shows a plain value at a secret place, flattens groups and names choices', () => {
    const rows = settingRows(
      { host: 'db', password: 'TAPESTRY_CANARY_plain', ssl_mode: { mode: 'require' }, schemas: ['public', 'raw'], empty: '' },
      connectorShape('warehouse', 'postgres'),
    );
    expect(JSON.stringify(rows)).not.toContain('TAPESTRY_CANARY_plain');
    expect(rows.find((r) => r.path === 'password')?.value).toEqual({ kind: 'secret' });
    expect(rows.find((r) => r.path === 'ssl_mode.mode')).toMatchObject({ label: expect.stringMatching(/ssl/i), value: { text: 'require' } });
    expect(rows.find((r) => r.path === 'schemas')?.value).toEqual({ kind: 'text', text: 'public, raw' });
    expect(rows.some((r) => r.path === 'empty')).toBe(false);
  });

  it('falls back to words from the key for a connector the catalog does not know', () => {
    expect(settingRows({ api_base_url: 'x' }, connectorShape('source', 'nope'))).toEqual([{ path: 'api_base_url', label: 'API base URL', value: { kind: 'text', text: 'x' } }]);
  });
});
