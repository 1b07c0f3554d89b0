// List endpoints' shared behaviour: `order_by` (a field, `-` for descending), `limit` (1..100,
// default 100) and `offset`, and the `extra` block with the filters applied and the pagination
// counts, as dbt Cloud returns them.
import { invalid, okList, type FieldErrors } from './envelope';
import type { StandInResponse } from '../core/stand-in-server';
import type { QueryValue } from './routes';

const MAX_LIMIT = 100;

export interface ListSpec<T> {
  items: T[];
  query: Record<string, QueryValue>;
  /** Fields `order_by` may name, each with how to read it from an item. */
  orderFields: Record<string, (item: T) => number | string | undefined>;
  defaultOrder: string;
  /** Filters to report back in `extra.filters` (besides limit and offset). */
  filters: Record<string, unknown>;
  view: (item: T) => unknown;
}

function compare(a: number | string | undefined, b: number | string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1; // unset values (e.g. finished_at of a running run) sort last
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

export function list<T>(spec: ListSpec<T>): StandInResponse {
  const errors: FieldErrors = {};
  const limit = typeof spec.query.limit === 'number' ? spec.query.limit : MAX_LIMIT;
  const offset = typeof spec.query.offset === 'number' ? spec.query.offset : 0;
  if (limit < 1) errors.limit = ['Ensure this value is greater than or equal to 1.'];
  if (limit > MAX_LIMIT) errors.limit = [`Ensure this value is less than or equal to ${MAX_LIMIT}.`];
  if (offset < 0) errors.offset = ['Ensure this value is greater than or equal to 0.'];
  const orderBy = typeof spec.query.order_by === 'string' && spec.query.order_by !== '' ? spec.query.order_by : spec.defaultOrder;
  const field = orderBy.replace(/^-/, '');
  const read = spec.orderFields[field];
  if (!read) errors.order_by = [`Cannot order by "${field}". Choices are: ${Object.keys(spec.orderFields).join(', ')}.`];
  if (Object.keys(errors).length > 0 || !read) return invalid(errors);
  const direction = orderBy.startsWith('-') ? -1 : 1;
  const sorted = [...spec.items].sort((a, b) => direction * compare(read(a), read(b)));
  const page = sorted.slice(offset, offset + limit);
  return okList(page.map(spec.view), {
    filters: { ...spec.filters, limit, offset },
    order_by: orderBy,
    pagination: { count: page.length, total_count: sorted.length },
  });
}

/** Items whose value is in a filter given as one value or a list; no filter keeps all. */
export function matches(value: number | string | undefined, filter: QueryValue | undefined): boolean {
  if (filter === undefined) return true;
  return Array.isArray(filter) ? (filter as Array<number | string>).includes(value as never) : filter === value;
}
