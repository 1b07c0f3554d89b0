import 'server-only';
// The filters of the run history, one shape for the list, the duration cards and the page's URL.
// A page of runs is a keyset page on (created_at desc, id desc): its cursor is the last row shown,
// opaque to the browser and checked before it reaches SQL, so a tampered link is a VALIDATION
// error, never a scan from a made-up place.
import { z } from 'zod';
import { Prisma } from '@/lib/generated/prisma/client';
import { RunState, RunTrigger } from '@/lib/generated/prisma/enums';
import { AppError } from '@/lib/errors';
import { fieldErrorsOf, idField } from '@/lib/validation';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
/** What the duration cards summarize when no start date is chosen. */
export const DEFAULT_STATS_DAYS = 30;

const DAY_MS = 86_400_000;

export const RunFiltersSchema = z.object({
  pipelineId: idField.optional(),
  states: z.array(z.enum(RunState)).max(Object.keys(RunState).length).optional(),
  trigger: z.enum(RunTrigger).optional(),
  /** Runs created at or after this instant. */
  from: z.date().optional(),
  /** Runs created before this instant. */
  to: z.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

export type RunFilters = z.infer<typeof RunFiltersSchema>;

function invalid(error: z.ZodError): AppError {
  return new AppError('VALIDATION', 'These run filters cannot be used.', fieldErrorsOf(error));
}

export function checkFilters(filters: RunFilters): RunFilters {
  const parsed = RunFiltersSchema.safeParse(filters);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

// --- the cursor -------------------------------------------------------------------------------

interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor({ createdAt, id }: Position): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  const [, ms, id] = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8')) ?? [];
  if (!/^[A-Za-z0-9_-]+$/.test(cursor) || ms === undefined || id === undefined) {
    throw new AppError('VALIDATION', 'This page link is not valid: open the run history again from its first page.', { cursor: ['Not a page of this list.'] });
  }
  return { createdAt: new Date(Number(ms)), id };
}

// --- SQL --------------------------------------------------------------------------------------

/** The WHERE clause of the runs of `orgId` that match (run alias `r`), without the cursor. */
export function runsWhere(orgId: string, f: RunFilters, defaults: { from?: Date } = {}): Prisma.Sql {
  const from = f.from ?? defaults.from;
  const parts = [
    Prisma.sql`r.org_id = ${orgId}`,
    f.pipelineId ? Prisma.sql`r.pipeline_id = ${f.pipelineId}` : null,
    f.states?.length ? Prisma.sql`r.state::text IN (${Prisma.join(f.states)})` : null,
    f.trigger ? Prisma.sql`r.trigger::text = ${f.trigger}` : null,
    from ? Prisma.sql`r.created_at >= ${from}` : null,
    f.to ? Prisma.sql`r.created_at < ${f.to}` : null,
  ].filter((part) => part !== null);
  return Prisma.join(parts, ' AND ');
}

// --- the page's URL ---------------------------------------------------------------------------

export type SearchParams = Record<string, string | string[] | undefined>;

const dateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Not a date.');
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

const SearchSchema = z.object({
  pipeline: idField.optional(),
  state: z.enum(RunState, { error: 'Not a run status.' }).optional(),
  trigger: z.enum(RunTrigger, { error: 'Not a trigger.' }).optional(),
  from: dateField.optional(),
  to: dateField.optional(),
  cursor: z.string().max(200).optional(),
});

/**
 * The list's URL (?pipeline=&state=&trigger=&from=&to=&cursor=) as filters: one value each (the
 * form has one select per filter; the DAL takes several statuses for API callers), dates as whole
 * UTC days with `to` included.
 */
export function filtersFromSearch(params: SearchParams): RunFilters {
  const parsed = SearchSchema.safeParse({
    pipeline: one(params.pipeline),
    state: one(params.state),
    trigger: one(params.trigger),
    from: one(params.from),
    to: one(params.to),
    cursor: one(params.cursor),
  });
  if (!parsed.success) throw invalid(parsed.error);
  const s = parsed.data;
  const from = s.from ? new Date(`${s.from}T00:00:00Z`) : undefined;
  const to = s.to ? new Date(Date.parse(`${s.to}T00:00:00Z`) + DAY_MS) : undefined;
  if (from && to && from >= to) throw new AppError('VALIDATION', 'The start date is after the end date.', { from: ['Choose a start date on or before the end date.'] });
  return { pipelineId: s.pipeline, states: s.state ? [s.state] : undefined, trigger: s.trigger, from, to, cursor: s.cursor };
}
