import 'server-only';
// How the app reaches the local sandbox that `npm start` runs beside it: the descriptor file the
// sandbox writes (.tapestry/sandbox.json, 0600), named by TAPESTRY_SANDBOX_FILE. Read on each use,
// because the sandbox may come up after the app, and Grouparoo later still. Its passwords are the
// sandbox's own throwaway ones, yet they stay on the server like every other secret.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { env } from '@/lib/env';

const DescriptorSchema = z.object({
  aws: z.object({ url: z.string(), region: z.string(), accountId: z.string(), accessKeyId: z.string(), secretAccessKey: z.string() }),
  airbyte: z.object({ url: z.string(), apiUrl: z.string(), clientId: z.string(), clientSecret: z.string() }),
  dbtCloud: z.object({ url: z.string(), accountId: z.number(), apiToken: z.string() }),
  snowflake: z.object({ url: z.string(), account: z.string(), username: z.string(), password: z.string() }),
  grouparoo: z.object({ url: z.string(), apiKey: z.string() }).optional(),
  warehouse: z.object({ url: z.string() }),
});

export type SandboxConnection = z.infer<typeof DescriptorSchema>;

/** The running sandbox, or undefined when none is configured or its file is missing or unreadable. */
export function sandboxConnection(): SandboxConnection | undefined {
  const file = env().TAPESTRY_SANDBOX_FILE;
  if (!file) return undefined;
  try {
    const parsed = DescriptorSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The sandbox warehouse's PostgreSQL location, from its connection URL. */
export function sandboxWarehouse(sandbox: SandboxConnection): { host: string; port: number; database: string; username: string; password: string } {
  const url = new URL(sandbox.warehouse.url);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.slice(1)),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
