// Calls server actions over HTTP exactly as Next's browser client does: POST to the page that
// hosts the action, `Next-Action: <id>`, the arguments encoded with React's encodeReply. The
// inventory comes from the production build's server-reference manifest.
import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CJS build of React's reply encoder shipped inside Next
const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node') as {
  encodeReply(args: unknown[]): Promise<FormData | string>;
};

export interface BuiltAction {
  id: string;
  /** `lib/actions/members.ts#changeRole` */
  key: string;
  /** Route files whose pages can run the action, e.g. `app/(app)/[org]/settings/members/page`. */
  workers: string[];
}

export function builtActions(): BuiltAction[] {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    key: `${entry.filename}#${entry.exportedName}`,
    workers: Object.keys(entry.workers),
  }));
}

/** The URL of a page that hosts the action, with dynamic segments filled in. */
export function pagePath(worker: string, params: Record<string, string>): string {
  return worker
    .replace(/^app/, '')
    .replace(/\/page$/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace(/\[(\w+)\]/g, (_, name: string) => params[name] ?? 'x');
}

export type ActionOutcome = 'ALLOW' | string;

export interface ActionResponse {
  status: number;
  body: string;
  outcome: ActionOutcome;
}

/** What the action answered: ALLOW for `ok: true` or a redirect, else the error code. */
export function outcomeOf(status: number, headers: Record<string, string>, body: string): ActionOutcome {
  if (headers['x-action-redirect'] || status === 303) return 'ALLOW';
  if (/"ok":true/.test(body)) return 'ALLOW';
  return /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? `HTTP ${status}`;
}

export async function callAction(
  request: APIRequestContext,
  action: { id: string; path: string },
  fields: Record<string, string>,
  opts: { cookie?: string | null; origin?: string | null; userAgent?: string } = {},
): Promise<ActionResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const encoded = await encodeReply([null, form]);
  // Entry order matters to React's decoder, so pass the FormData itself (a plain object would
  // put the integer-like key "0" first).
  const multipart = typeof encoded === 'string' ? { '0': encoded } : encoded;
  const headers: Record<string, string> = { 'next-action': action.id, accept: 'text/x-component' };
  if (opts.origin !== null) headers.origin = opts.origin ?? new URL(action.path, process.env.E2E_BASE_URL).origin;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.userAgent) headers['user-agent'] = opts.userAgent;
  const response = await request.post(action.path, { headers, multipart, maxRedirects: 0 });
  const body = await response.text();
  return { status: response.status(), body, outcome: outcomeOf(response.status(), response.headers(), body) };
}
