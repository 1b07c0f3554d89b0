// The secret references of a spec, and which of them name no credential yet: what a Kickstart into
// AWS, or an imported file, still needs before it can deploy.
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import type { SpecPath } from './issues';
import type { PipelineSpec } from './pipeline';
import { isSecretRef } from './secret-ref';

export interface SecretUse {
  path: SpecPath;
  /** The credential name referenced. */
  secret: string;
}

function collect(value: unknown, path: SpecPath, out: SecretUse[]): void {
  if (isSecretRef(value)) {
    out.push({ path, secret: value.secret });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, [...path, i], out));
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) collect(item, [...path, key], out);
  }
}

/** Every SecretRef in the spec, in document order. */
export function secretRefsOf(spec: PipelineSpec): SecretUse[] {
  const out: SecretUse[] = [];
  collect(spec, [], out);
  return out;
}

/** The references whose credential is not among `defined` (the names of credentials already stored). */
export function missingSecrets(spec: PipelineSpec, defined: Iterable<string> = []): SecretUse[] {
  const known = new Set(defined);
  return secretRefsOf(spec).filter((use) => !known.has(use.secret));
}
