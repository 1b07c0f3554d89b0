import { describe, expect, it } from 'vitest';
import { fieldErrors } from '@/infra/local/dbt-cloud/request-body';
import { OPERATIONS, readQuery, related, route } from '@/infra/local/dbt-cloud/routes';
import { clockDuration, dbtTimestamp, humanAgo, humanDuration } from '@/infra/local/dbt-cloud/wire-format';

const operation = (id: string) => {
  const found = OPERATIONS.find((o) => o.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};

describe('routing by the official path templates', () => {
  it('matches an operation and reads its path parameters', () => {
    expect(route('POST', '/api/v2/accounts/7/jobs/42/run/', '')).toMatchObject({ kind: 'operation', operation: { operationId: 'Trigger Job Run' }, params: { account_id: '7', job_id: '42' } });
    expect(route('GET', '/api/v2/accounts/7/runs/9/artifacts/compiled/tapestry/models/a.sql', '')).toMatchObject({
      operation: { operationId: 'Retrieve Run Artifact' },
      params: { remainder: 'compiled/tapestry/models/a.sql' },
    });
  });

  it('does not match a non-integer id, redirects a missing trailing slash, and names the allowed methods', () => {
    expect(route('GET', '/api/v2/accounts/7/runs/abc/', '')).toEqual({ kind: 'unknown' });
    expect(route('GET', '/api/v2/accounts/7/runs', '?limit=1')).toEqual({ kind: 'redirect', location: '/api/v2/accounts/7/runs/?limit=1' });
    expect(route('PATCH', '/api/v2/accounts/7/jobs/1/', '')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST', 'DELETE'] });
  });
});

describe('query parameters', () => {
  it('types values as the document declares them and ignores unknown ones', () => {
    const q = new URLSearchParams('limit=5&status__in=10,20&status__in=30&has_docs_generated=False&include_related=["trigger","job"]&colour=red');
    const read = readQuery(operation('List Runs'), q);
    expect(read.errors).toBeUndefined();
    expect(read.values).toEqual({ limit: 5, status__in: [10, 20, 30], has_docs_generated: false, include_related: 'trigger,job' });
    expect([...related(read.values)]).toEqual(['trigger', 'job']);
  });

  it('reports each malformed value as Django does', () => {
    const read = readQuery(operation('List Jobs'), new URLSearchParams('offset=-x&is_system=maybe&state=archived&project_id__in=1,b'));
    expect(read.errors).toEqual({
      offset: ['Enter a whole number.'],
      is_system: ['Enter a valid boolean.'],
      state: ['Select a valid choice. archived is not one of the available choices.'],
      project_id__in: ['Enter a whole number.'],
    });
    expect(readQuery(operation('List Jobs'), new URLSearchParams('state=2')).values).toEqual({ state: 2 });
  });
});

describe('field errors in the shape Django REST framework nests them', () => {
  it('folds Ajv errors by field, nested objects included', () => {
    const body = { name: 5, settings: {} };
    const errors = fieldErrors(
      [
        { keyword: 'type', instancePath: '/name', schemaPath: '', params: { type: 'string' } },
        { keyword: 'required', instancePath: '/settings', schemaPath: '', params: { missingProperty: 'threads' } },
        { keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'cause' } },
        { keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'cause' } },
      ],
      body,
    );
    expect(errors).toEqual({ name: ['Not a valid string.'], settings: { threads: ['This field is required.'] }, cause: ['This field is required.'] });
  });
});

describe('times and durations as dbt Cloud writes them', () => {
  it('prints timestamps like a Python aware datetime', () => {
    expect(dbtTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02 03:04:05.678000+00:00');
  });

  it.each([
    [0, '00:00:00', '0 seconds'],
    [1_000, '00:00:01', '1 second'],
    [65_000, '00:01:05', '1 minute, 5 seconds'],
    [120_000, '00:02:00', '2 minutes'],
    [3_725_000, '01:02:05', '1 hour, 2 minutes'],
  ])('%d ms is %s, "%s"', (ms, clock, human) => {
    expect(clockDuration(ms)).toBe(clock);
    expect(humanDuration(ms)).toBe(human);
  });

  it('says how long ago in the largest unit', () => {
    expect(humanAgo(59_000)).toBe('59 seconds ago');
    expect(humanAgo(61_000)).toBe('1 minute ago');
    expect(humanAgo(2 * 86_400_000)).toBe('2 days ago');
  });
});
