// The wizard's path helpers and its client-side copy of the step facts: the copy must answer what
// lib/pipeline/spec (the server's truth) answers, because the client cannot import that (zod).
import { describe, expect, it } from 'vitest';
import { changedPaths, parseSpecPath, pathsMeet, visibleFindings, withValueAt } from '@/components/wizard/draft-paths';
import { stepKeys, STEPS, stepForPath, stepOfUrl } from '@/components/wizard/wizard-steps';
import { formatPath, STEP_PARTS, WIZARD_STEPS } from '@/lib/pipeline/spec';
import { parsePath } from '@/lib/pipeline/spec/draft-secrets';
import { stepOfPath } from '@/lib/services/pipelines/save-design';

const PATHS = ['name', 'slug', 'target', 'target.credentials', 'warehouse.config.credentials.password', 'sources', 'sources[0].config.start_date', 'sources[12].streams[3].cursorField', 'transformation.apiToken', 'destinations[1].mapping.FNAME', '_form', 'apiVersion'];

describe('client copy of the wizard steps', () => {
  it('has the server’s steps, in order, each writing the server’s parts', () => {
    expect(STEPS).toEqual(WIZARD_STEPS);
    for (const step of WIZARD_STEPS.filter((s) => s !== 'review')) expect(stepKeys(step)).toEqual(STEP_PARTS[step]);
    expect(stepKeys('review')).toEqual([]);
  });

  it('sends a finding to the same step as the server does', () => {
    for (const path of PATHS) expect(stepForPath(path), path).toBe(stepOfPath(path));
  });

  it('reads the step from a wizard URL and nothing else', () => {
    expect(stepOfUrl('/acme/pipelines/p_1/edit/sources')).toBe('sources');
    expect(stepOfUrl('/acme/pipelines/p_1/edit/review/')).toBe('review');
    expect(stepOfUrl('/acme/pipelines/p_1/edit/bogus')).toBeUndefined();
    expect(stepOfUrl('/acme/pipelines/p_1')).toBeUndefined();
  });
});

describe('parseSpecPath', () => {
  it('agrees with the server’s parsePath, and round-trips through formatPath', () => {
    for (const path of [...PATHS.filter((p) => p !== '_form'), 'sources[0]', 'destinations[2].config.app.api-key']) {
      expect(parseSpecPath(path), path).toEqual(parsePath(path));
      expect(formatPath(parseSpecPath(path) ?? [])).toBe(path);
    }
  });

  it('refuses malformed paths', () => {
    for (const path of ['', 'sources[]', 'sources[a]', '.x', 'a..b', 'sources[1234]', 'x y']) {
      expect(parseSpecPath(path), path).toBeUndefined();
      expect(parsePath(path), path).toBeUndefined();
    }
  });
});

describe('withValueAt', () => {
  const draft = { name: 'Rain', sources: [{ name: 'zoom', config: { account_id: 'a' } }, { name: 'stripe' }] };

  it('puts a value deep inside a list item without touching the original', () => {
    const before = structuredClone(draft);
    const next = withValueAt(draft, ['sources', 1, 'config', 'client_secret'], { secret: 'rain-stripe-client_secret' });
    expect(next).toEqual({ ...draft, sources: [draft.sources[0], { name: 'stripe', config: { client_secret: { secret: 'rain-stripe-client_secret' } } }] });
    expect(draft).toEqual(before);
    // Untouched branches are shared, so React sees only the changed path as new.
    expect(next?.sources[0]).toBe(draft.sources[0]);
  });

  it('refuses a missing list item, a scalar in the way and prototype keys', () => {
    expect(withValueAt(draft, ['sources', 2, 'config'], 1)).toBeUndefined();
    expect(withValueAt(draft, ['name', 'x'], 1)).toBeUndefined();
    expect(withValueAt(draft, ['__proto__', 'polluted'], 1)).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('changedPaths', () => {
  it('lists every changed leaf, added and removed ones included', () => {
    const before = { kind: 'aws', accountId: '1', region: 'us-east-1' };
    const after = { kind: 'aws', accountId: '12', credentials: { secret: 'k' } };
    expect(changedPaths(before, after, 'target').sort()).toEqual(['target.accountId', 'target.credentials', 'target.region']);
  });

  it('names list items by index, and a part that appears as a whole', () => {
    expect(changedPaths([{ a: 1 }], [{ a: 1 }, { a: 2 }], 'sources')).toEqual(['sources[1]']);
    expect(changedPaths(undefined, { kind: 'sandbox' }, 'target')).toEqual(['target']);
    expect(changedPaths({ x: [1, 2] }, { x: [1, 2] }, 'warehouse')).toEqual([]);
  });
});

describe('which findings show', () => {
  const findings = { 'target.accountId': 'An AWS account ID is 12 digits', 'target.credentials': 'Required', name: 'Required' };

  it('shows only findings at or around touched paths until the step is revealed', () => {
    expect(visibleFindings(findings, new Set(['target.accountId']), false)).toEqual({ 'target.accountId': 'An AWS account ID is 12 digits' });
    // A finding about a whole part shows once anything inside it was touched, and vice versa.
    expect(visibleFindings({ 'transformation.models': 'Either…' }, new Set(['transformation.models.repository']), false)).toEqual({ 'transformation.models': 'Either…' });
    expect(visibleFindings(findings, new Set(['target']), false)).toEqual({ 'target.accountId': 'An AWS account ID is 12 digits', 'target.credentials': 'Required' });
    expect(visibleFindings(findings, new Set(), true)).toEqual(findings);
  });

  it('does not confuse a path with a longer sibling name', () => {
    expect(pathsMeet('sources[1]', 'sources[12].config')).toBe(false);
    expect(pathsMeet('target.account', 'target.accountId')).toBe(false);
    expect(pathsMeet('sources[1]', 'sources[1].config')).toBe(true);
  });
});
