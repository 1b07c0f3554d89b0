// Client address and user agent for throttling and the audit log. Behind a trusted proxy
// (TRUST_PROXY) the first X-Forwarded-For entry is the real client. Without one we take the last
// entry, but Next.js 16 only fills the header with the socket address when the client sent none
// (base-server: `x-forwarded-for ??= remoteAddress`), so a client talking to Next directly can
// choose its address: per-address limits and audited addresses are only as good as the proxy in
// front. The per-account sign-in limit does not depend on the address.
import { env } from '@/lib/env';

export interface RequestInfo {
  ip: string;
  userAgent: string;
}

type HeaderSource = { get(name: string): string | null };

export function requestInfo(headers: HeaderSource): RequestInfo {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = (env().TRUST_PROXY ? forwarded[0] : forwarded.at(-1)) ?? headers.get('x-real-ip') ?? 'unknown';
  return { ip: ip.slice(0, 64), userAgent: (headers.get('user-agent') ?? '').slice(0, 512) };
}
