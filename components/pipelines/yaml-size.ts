// The import's size check in the browser, so a file over the limit is refused before anything is
// sent. MAX_YAML_BYTES comes from the envelope module, which imports nothing (no zod on the client).
import { MAX_YAML_BYTES } from '@/lib/pipeline/spec/yaml/envelope';

const MB = 1_000_000;

/** Why a pipeline file of `bytes` (chosen or pasted) cannot be imported, or undefined when it can. */
export function yamlSizeProblem(bytes: number): string | undefined {
  if (bytes <= MAX_YAML_BYTES) return undefined;
  return `The file is ${(bytes / MB).toFixed(1)} MB; the limit is ${MAX_YAML_BYTES / 1024 / 1024} MiB.`;
}
