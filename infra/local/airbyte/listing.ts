// List endpoints' shared rules (workspaces, sources, destinations, connections, jobs): the
// `workspaceIds` / `includeDeleted` / `limit` / `offset` query values and the `next` / `previous`
// links Airbyte's PaginationMapper builds — `next` whenever the page was not empty (even when it
// was the last one), `previous` unless the offset is 0, and `""` for an absent link.
import { queryBoolean, queryInt, queryUuids } from './request-input';

export interface PageRequest {
  workspaceIds: string[];
  includeDeleted: boolean;
  limit: number;
  offset: number;
}

export function readPage(query: URLSearchParams): PageRequest {
  return {
    workspaceIds: queryUuids(query, 'workspaceIds'),
    includeDeleted: queryBoolean(query, 'includeDeleted'),
    limit: queryInt(query, 'limit', 20, 1, 100),
    offset: queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

export interface Page<T> {
  previous: string;
  next: string;
  data: T[];
}

/**
 * One page of `items` with its links. `linkQuery` holds the query values the links repeat before
 * `limit` and `offset` (e.g. `includeDeleted`, `workspaceIds`).
 */
export function paginate<T>(items: T[], page: Pick<PageRequest, 'limit' | 'offset'>, endpoint: string, linkQuery: Record<string, string>): Page<T> {
  const data = items.slice(page.offset, page.offset + page.limit);
  const link = (offset: number) => {
    const query = new URLSearchParams({ ...linkQuery, limit: String(page.limit), offset: String(offset) });
    return `${endpoint}?${query.toString()}`;
  };
  return {
    previous: page.offset !== 0 ? link(Math.max(page.offset - page.limit, 0)) : '',
    next: data.length > 0 ? link(page.offset + page.limit) : '',
    data,
  };
}

/** The query values a resource list's links repeat. */
export function listLinkQuery(page: PageRequest): Record<string, string> {
  const query: Record<string, string> = { includeDeleted: String(page.includeDeleted) };
  if (page.workspaceIds.length) query.workspaceIds = page.workspaceIds.join(',');
  return query;
}

/** A list endpoint's answer: filtered by workspace and tombstone, one page, each item viewed. */
export function listResources<T>(
  query: URLSearchParams,
  endpoint: string,
  items: Iterable<T>,
  item: { deleted(t: T): boolean; workspaceId(t: T): string; view(t: T): unknown },
): Page<unknown> {
  const page = readPage(query);
  const kept = [...items].filter(
    (t) => (page.includeDeleted || !item.deleted(t)) && (page.workspaceIds.length === 0 || page.workspaceIds.includes(item.workspaceId(t))),
  );
  const result = paginate(kept, page, endpoint, listLinkQuery(page));
  return { ...result, data: result.data.map((t) => item.view(t)) };
}
