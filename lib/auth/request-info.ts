// Client address and user agent for throttling and the audit log.
// Without TRUST_PROXY a client can put anything in X-Forwarded-For, so we take the entry our
// own server appended last; behind a trusted proxy the first entry is the real client.
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
