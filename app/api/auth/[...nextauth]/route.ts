// next-auth's own endpoints (sign-in, sign-out, session, CSRF token). One addition: a
// throttled sign-in answers 429 with Retry-After instead of next-auth's generic 401, so
// scripts and the sign-in page can tell "wait" from "wrong password".
import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions, THROTTLED_ERROR } from '@/lib/auth/options';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handle(req: NextRequest, ctx: Ctx): Promise<Response> {
  return NextAuth(req, ctx, authOptions()) as Promise<Response>;
}

export const GET = handle;

export async function POST(req: NextRequest, ctx: Ctx): Promise<Response> {
  const response = await handle(req, ctx);
  if (response.status !== 401 || !response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.clone().json().catch(() => null)) as { url?: string } | null;
  const url = body?.url ? new URL(body.url, req.nextUrl.origin) : null;
  const error = url?.searchParams.get('error') ?? '';
  if (!url || !error.startsWith(`${THROTTLED_ERROR}:`)) return response;
  const retryAfter = error.slice(THROTTLED_ERROR.length + 1).replace(/\D/g, '') || '60';
  url.searchParams.set('error', THROTTLED_ERROR);
  url.searchParams.set('retryAfter', retryAfter);
  const headers = new Headers(response.headers);
  headers.set('retry-after', retryAfter);
  return new Response(JSON.stringify({ url: url.toString() }), { status: 429, headers });
}
