// Response headers for every page and route (QUALITY SEC-9): a nonce-based CSP, no sniffing,
// no framing, no referrer leaks, no caching of authenticated pages, HSTS behind TLS.
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    // React and Next set style attributes at run time; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

export function securityHeaders(csp: string, opts: { https: boolean; cacheable: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(opts.cacheable ? {} : { 'Cache-Control': 'no-store' }),
    ...(opts.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Every header the proxy sets, for the public origin `appUrl`: TLS (https) turns on HSTS and upgrades. */
export function securityHeadersFor(appUrl: string, nonce: string, opts: { dev: boolean }): { csp: string; headers: Record<string, string> } {
  const https = new URL(appUrl).protocol === 'https:';
  const csp = contentSecurityPolicy(nonce, { dev: opts.dev, https });
  return { csp, headers: securityHeaders(csp, { https, cacheable: false }) };
}
