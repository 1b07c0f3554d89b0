// Socket-level failures are the same whichever SDK met them (Node's `ENOTFOUND`, `ECONNREFUSED`,
// OpenSSL's certificate codes), often wrapped a level or two deep (`fetch failed` → cause). This
// reads the code from the chain and sorts it into a failure class, for every adapter to use first.
import type { FailureClass } from './errors';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_SOCKET_CLOSED']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
const TLS = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|HOSTNAME_MISMATCH)/;

export interface NetworkFailure {
  failureClass: Extract<FailureClass, 'dns' | 'tls' | 'network' | 'timeout'>;
  code: string;
}

/** The errors along an error's `cause` chain (a few levels, no cycles). */
function chain(error: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && out.length < 5 && !out.includes(current as Record<string, unknown>)) {
    out.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

export function networkFailure(error: unknown): NetworkFailure | undefined {
  for (const link of chain(error)) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (!code) continue;
    if (DNS.has(code)) return { failureClass: 'dns', code };
    if (NETWORK.has(code)) return { failureClass: 'network', code };
    if (TIMEOUT.has(code)) return { failureClass: 'timeout', code };
    if (TLS.test(code)) return { failureClass: 'tls', code };
  }
  for (const link of chain(error)) {
    const message = typeof link.message === 'string' ? link.message : '';
    if (/does not support SSL|SSL connection|wrong version number/i.test(message)) return { failureClass: 'tls', code: 'SSL' };
    if (/socket hang up|other side closed|connection terminated unexpectedly/i.test(message)) return { failureClass: 'network', code: 'ECONNRESET' };
  }
  return undefined;
}
