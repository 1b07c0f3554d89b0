// What a dbt invocation did, read back from its run_results.json (the artifact every dbt run
// writes, so this reads what a real container would leave behind): rows per model, and one short
// line for the ECS container's `reason` — "built 5 models, 123 rows in unified_users" on success,
// the failing model and dbt's error otherwise. ECS shows a reason of up to 255 characters.
import { z } from 'zod';

export interface ModelRows {
  model: string;
  status: 'success' | 'error' | 'skipped';
  /** Rows the model's table holds (`rows_affected`); null for views and models that did not run. */
  rows: number | null;
  /** dbt's message for a model that failed. */
  error?: string;
}

const runResults = z.object({
  results: z.array(
    z.object({
      unique_id: z.string(),
      status: z.enum(['success', 'error', 'skipped']),
      message: z.string().nullable(),
      adapter_response: z.looseObject({ rows_affected: z.number().optional() }),
    }),
  ),
});

export const MAX_REASON = 255;

function clip(text: string): string {
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** dbt's "Database Error in model x (path)\n  the error\n  LINE …": the error line itself. */
function errorLine(message: string | undefined): string {
  const lines = (message ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[1] ?? lines[0] ?? 'failed';
}

function modelRows(node: z.output<typeof runResults>['results'][number]): ModelRows {
  const rows = node.adapter_response.rows_affected;
  const row: ModelRows = { model: node.unique_id.split('.').at(-1) ?? node.unique_id, status: node.status, rows: rows !== undefined && rows >= 0 ? rows : null };
  return node.status === 'error' ? { ...row, error: node.message ?? 'failed' } : row;
}

/** Per-model rows and the reason line; `fallback` (dbt's own summary) when there are no results to read. */
export function summarizeRunResults(json: string | undefined, fallback: string): { models: ModelRows[]; summary: string } {
  const parsed = json === undefined ? undefined : runResults.safeParse(JSON.parse(json));
  if (!parsed?.success) return { models: [], summary: clip(fallback) };
  const models = parsed.data.results.map(modelRows);
  const failed = models.filter((m) => m.status === 'error');
  const first = failed[0];
  if (first) {
    const skipped = models.filter((m) => m.status === 'skipped').length;
    const others = failed.length > 1 ? ` (+${plural(failed.length - 1, 'other failed model')})` : '';
    return { models, summary: clip(`model ${first.model} failed: ${errorLine(first.error)}${others}; ${skipped} skipped`) };
  }
  const last = models.at(-1);
  if (!last) return { models, summary: clip(fallback) };
  return { models, summary: clip(`built ${plural(models.length, 'model')}, ${last.rows ?? 0} rows in ${last.model}`) };
}
