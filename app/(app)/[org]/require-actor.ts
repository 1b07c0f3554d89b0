import 'server-only';
// The signed-in member of the organization in the URL, for layouts and pages. A dead session
// goes to sign-in (and back here afterwards); an organization the person is not in is a 404,
// exactly like one that does not exist, so slugs cannot be probed.
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/current-actor';
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';
import { safeCallbackUrl } from '@/components/auth/callback-url';

/**
 * Where to come back to after signing in. Layouts do not know the URL, so prefer the
 * `x-pathname` request header when the proxy sets it, else the page's own path.
 */
async function returnPath(org: string, path: string): Promise<string> {
  const fromProxy = safeCallbackUrl((await headers()).get('x-pathname'), '');
  return fromProxy.startsWith(`/${org}/`) ? fromProxy : `/${org}${path}`;
}

export async function requireActor(org: string, path = '/pipelines'): Promise<Actor> {
  if (!/^[a-z0-9-]{1,64}$/.test(org)) notFound();
  try {
    return await currentActor(org);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'UNAUTHENTICATED') redirect(`/sign-in?callbackUrl=${encodeURIComponent(await returnPath(org, path))}`);
    if (err.code === 'NOT_FOUND') notFound();
    throw err;
  }
}
