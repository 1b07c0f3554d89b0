// The run history's URL as filters: whole UTC days with the end date included, repeated statuses,
// anything malformed refused as VALIDATION; cursors that survive a round trip and refuse tampering.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, filtersFromSearch } from '@/lib/dal/runs/run-filters';
import { AppError } from '@/lib/errors';
import { filterValues, runsHref } from '@/components/runs/runs-href';

const codeOf = (work: () => unknown) => {
  try {
    work();
    return 'OK';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('filters from the URL', () => {
  it('read every filter, with dates as whole UTC days and the end date included', () => {
    expect(filtersFromSearch({ pipeline: 'abc_DEF-123', state: 'FAILED', trigger: 'MANUAL', from: '2026-01-01', to: '2026-01-31', cursor: 'xyz' })).toEqual({
      pipelineId: 'abc_DEF-123',
      states: ['FAILED'],
      trigger: 'MANUAL',
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
      cursor: 'xyz',
    });
  });

  it('take the first of repeated values, as the links and the form do', () => {
    expect(filtersFromSearch({ state: ['CANCELLED', 'FAILED'], trigger: ['API', 'MANUAL'] })).toEqual({ states: ['CANCELLED'], trigger: 'API' });
  });

  it('treat empty fields (a submitted form with nothing chosen) as no filter', () => {
    expect(filtersFromSearch({ pipeline: '', state: '', trigger: '', from: '', to: '' })).toEqual({});
  });

  it.each([
    [{ state: 'DONE' }],
    [{ trigger: 'CRON' }],
    [{ from: '2026-13-45' }],
    [{ from: '1 Jan 2026' }],
    [{ pipeline: 'a b' }],
    [{ from: '2026-02-01', to: '2026-01-01' }],
  ])('refuse %j as VALIDATION', (search) => expect(codeOf(() => filtersFromSearch(search))).toBe('VALIDATION'));
});

describe('cursors', () => {
  it('survive a round trip and say nothing readable', () => {
    const position = { createdAt: new Date('2026-11-24T11:02:03.456Z'), id: 'AbC-_123' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each(['', 'not base64!', Buffer.from('123.').toString('base64url'), Buffer.from('abc.def').toString('base64url'), Buffer.from('1.a b').toString('base64url')])('refuse %j as VALIDATION', (cursor) =>
    expect(codeOf(() => decodeCursor(cursor))).toBe('VALIDATION'),
  );
});

describe('links', () => {
  it('keep the filters and add the cursor, leaving out what is empty', () => {
    const values = filterValues({ pipeline: 'p1', state: ['FAILED', 'RUNNING'], trigger: '', from: '2026-01-01', cursor: 'old' });
    expect(values).toEqual({ pipeline: 'p1', state: 'FAILED', from: '2026-01-01' });
    expect(runsHref('acme', values, 'next')).toBe('/acme/runs?pipeline=p1&state=FAILED&from=2026-01-01&cursor=next');
    expect(runsHref('acme')).toBe('/acme/runs');
  });
});
