// A job's binding to a warehouse and a set of models. dbt Cloud keeps warehouse credentials in a
// project connection and models in a git repository, neither of which the Administrative API
// carries on a job; the sandbox binds a job to both through `bind()` or the control route
// `PUT /__sandbox/dbt/jobs/{jobId}/binding` (same body). A folder is read again at every run, as
// dbt Cloud clones the repository at every run.
import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ModelFile } from './model-compiler';

export type DbtBinding =
  | { warehouseUrl: string; schema?: string; models: Record<string, string> }
  | { warehouseUrl: string; schema?: string; modelsDir: string };

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'a PostgreSQL identifier of at most 63 characters');
const warehouseUrl = z
  .string()
  .max(2048)
  .refine((v) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(v), 'a postgresql:// URL naming a database');

export const bindingSchema = z.union([
  z.object({ warehouseUrl, schema: identifier.optional(), models: z.record(identifier, z.string().max(1_000_000)) }).strict(),
  z.object({ warehouseUrl, schema: identifier.optional(), modelsDir: z.string().min(1).max(4096) }).strict(),
]);

export const DEFAULT_TARGET_SCHEMA = 'analytics';

/** The warehouse's database name (for relation names) from its URL. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The URL without its password, for anything a person or a log may see. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function sqlFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await sqlFiles(path.join(dir, entry.name), rel)));
    else if (entry.isFile() && entry.name.endsWith('.sql')) out.push(rel);
  }
  return out;
}

export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Why a binding cannot be used, or undefined when it can. */
export function bindingProblem(input: unknown): { problem: string; issues?: unknown } | { binding: DbtBinding } {
  const parsed = bindingSchema.safeParse(input);
  if (!parsed.success) return { problem: 'invalid binding', issues: parsed.error.issues };
  const binding = parsed.data;
  if ('modelsDir' in binding && (!path.isAbsolute(binding.modelsDir) || !isDirectory(binding.modelsDir))) {
    return { problem: `modelsDir must be an absolute path to a folder: ${binding.modelsDir}` };
  }
  return { binding };
}

/** The binding's models as files of a dbt project (`models/…`). */
export async function loadModels(binding: DbtBinding): Promise<ModelFile[]> {
  if ('models' in binding) {
    return Object.entries(binding.models).map(([name, rawCode]) => ({ name, path: `models/${name}.sql`, rawCode }));
  }
  const files = await sqlFiles(binding.modelsDir);
  return Promise.all(
    files.map(async (rel) => ({
      name: path.basename(rel, '.sql'),
      path: `models/${rel}`,
      rawCode: await readFile(path.join(binding.modelsDir, rel), 'utf8'),
    })),
  );
}
