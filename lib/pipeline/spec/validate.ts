// Validation of a whole spec or of some of its parts (a wizard step): zod's structural findings
// together with the connector checks, in one list of issues.
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { checkWarehouse, destinationsIssues, sourcesIssues } from './connector-checks';
import { formatPath, fromZodIssues, issueMessage, toFieldErrors, type SpecIssue } from './issues';
import { PipelineSpecSchema, type PipelineSpec } from './pipeline';

export type SpecPart = keyof PipelineSpec;
export const SPEC_PARTS = Object.keys(PipelineSpecSchema.shape) as SpecPart[];

const SEMANTIC: Partial<Record<SpecPart, (value: unknown) => SpecIssue[]>> = {
  warehouse: checkWarehouse,
  sources: sourcesIssues,
  destinations: destinationsIssues,
};

/** Every finding about the given parts of `value` (all parts: the whole spec, unknown fields included). */
export function specIssues(value: unknown, parts: readonly SpecPart[] = SPEC_PARTS): SpecIssue[] {
  const whole = parts.length === SPEC_PARTS.length;
  const mask = Object.fromEntries(parts.map((p) => [p, true])) as Partial<Record<SpecPart, true>>;
  const schema = whole ? PipelineSpecSchema : PipelineSpecSchema.pick(mask);
  const input = whole || !isRecord(value) ? value : Object.fromEntries(parts.map((p) => [p, value[p]]));
  const parsed = schema.safeParse(input, { error: issueMessage });
  const issues = parsed.success ? [] : fromZodIssues(parsed.error.issues);
  if (isRecord(value)) for (const part of parts) issues.push(...(SEMANTIC[part]?.(value[part]) ?? []));
  // One finding per place: zod's and a connector check's can meet on the same field.
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${formatPath(issue.path)}\n${issue.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export type SpecValidation = { ok: true; spec: PipelineSpec } | { ok: false; issues: SpecIssue[]; errors: Record<string, string> };

/** Validates a whole spec; `errors` maps `sources[1].config.start_date`-style paths to messages. */
export function validateSpec(value: unknown): SpecValidation {
  const issues = specIssues(value);
  if (issues.length > 0) return { ok: false, issues, errors: toFieldErrors(issues) };
  return { ok: true, spec: PipelineSpecSchema.parse(value) };
}

/** Throws a zod-free error listing the findings: for presets and tests that build specs in code. */
export function assertValidSpec(value: unknown): PipelineSpec {
  const result = validateSpec(value);
  if (!result.ok) throw new Error(`Invalid pipeline spec:\n${Object.entries(result.errors).map(([p, m]) => `  ${p}: ${m}`).join('\n')}`);
  return result.spec;
}

