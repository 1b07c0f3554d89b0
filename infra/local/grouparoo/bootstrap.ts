// Gives the sandbox an API key on a fresh or an already set-up Grouparoo database, the way a
// person would in its UI: create the first team and its member (`/team/initialize`) only when
// there is no team yet, sign in (`/session`: a cookie plus a csrfToken), then reuse the key named
// `tapestry` or create it with every permission (`/apiKey`), and sign out.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { callGrouparoo, GrouparooApiError, type GrouparooCall } from './api-client';

export const API_KEY_NAME = 'tapestry';

const adminSchema = z.object({ email: z.email(), password: z.string().min(16) });
export type GrouparooAdmin = z.infer<typeof adminSchema>;

/**
 * The administrator Grouparoo is initialised with, kept in `<dir>/admin.json` (0600) so a later
 * start against the same database can sign in again. Generated once, never overwritten.
 */
export function loadOrCreateAdmin(dir: string): GrouparooAdmin {
  const file = path.join(dir, 'admin.json');
  try {
    return adminSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable or damaged; delete it together with Grouparoo's database to start over`, { cause: error });
    }
  }
  const admin = { email: 'sandbox@tapestry.local', password: randomBytes(24).toString('base64url') };
  try {
    writeFileSync(file, JSON.stringify(admin, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another start created it a moment ago: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateAdmin(dir);
    throw error;
  }
  return admin;
}

async function hasTeam(baseUrl: string): Promise<boolean> {
  try {
    await callGrouparoo(baseUrl, { method: 'GET', path: '/session' });
    return true;
  } catch (error) {
    // Without a session Grouparoo refuses either way; the code says whether a team exists.
    if (error instanceof GrouparooApiError && error.code === 'NO_TEAMS_ERROR') return false;
    if (error instanceof GrouparooApiError && error.code === 'AUTHENTICATION_ERROR') return true;
    throw error;
  }
}

interface Session {
  call(method: GrouparooCall['method'], apiPath: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

async function signIn(baseUrl: string, admin: GrouparooAdmin, dir: string): Promise<Session> {
  let reply;
  try {
    reply = await callGrouparoo(baseUrl, { method: 'POST', path: '/session', params: { ...admin } });
  } catch (error) {
    if (error instanceof GrouparooApiError && error.code === 'AUTHENTICATION_ERROR') {
      throw new Error(
        `Grouparoo's database was set up by another administrator than the one in ${path.join(dir, 'admin.json')}; ` +
          `use that database's own credentials or start from an empty database`,
        { cause: error },
      );
    }
    throw error;
  }
  const csrfToken = String(reply.body.csrfToken ?? '');
  const cookie = reply.setCookies.map((value) => value.split(';')[0]).find((pair) => pair?.startsWith('grouparooSessionId='));
  if (!csrfToken || !cookie) throw new Error('Grouparoo signed in without a session cookie and csrfToken');
  return {
    call: async (method, apiPath, params = {}) =>
      (await callGrouparoo(baseUrl, { method, path: apiPath, cookie, params: { ...params, csrfToken } })).body,
  };
}

const apiKeysSchema = z.object({ apiKeys: z.array(z.object({ name: z.string(), apiKey: z.string() })) });
const createdKeySchema = z.object({ apiKey: z.object({ apiKey: z.string() }) });

export interface Bootstrapped {
  apiKey: string;
  /** true when this call created the first team (a fresh database). */
  initialized: boolean;
}

export async function bootstrapApiKey(baseUrl: string, admin: GrouparooAdmin, dir: string): Promise<Bootstrapped> {
  const initialized = !(await hasTeam(baseUrl));
  if (initialized) {
    await callGrouparoo(baseUrl, {
      method: 'POST',
      path: '/team/initialize',
      params: { ...admin, firstName: 'Tapestry', lastName: 'Sandbox', companyName: 'Tapestry sandbox', subscribed: false },
    });
  }
  const session = await signIn(baseUrl, admin, dir);
  try {
    const { apiKeys } = apiKeysSchema.parse(await session.call('GET', '/apiKeys', { limit: 100 }));
    const existing = apiKeys.find((key) => key.name === API_KEY_NAME);
    if (existing) return { apiKey: existing.apiKey, initialized };
    const created = createdKeySchema.parse(
      await session.call('POST', '/apiKey', { name: API_KEY_NAME, permissionAllRead: true, permissionAllWrite: true }),
    );
    return { apiKey: created.apiKey.apiKey, initialized };
  } finally {
    await session.call('DELETE', '/session').catch(() => undefined);
  }
}
