// Where to go after signing in. Only same-site relative paths are honoured, so a crafted
// link cannot send someone to another site after they type their password (open redirect).
export function safeCallbackUrl(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length > 2000) return fallback;
  // "/x" yes; "//evil.example", "/\evil.example", "https://…" and control characters no.
  if (!/^\/(?![/\\])/.test(raw) || /[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, 'http://tapestry.invalid');
    if (url.origin !== 'http://tapestry.invalid') return fallback;
    if (url.pathname === '/sign-in' || url.pathname.startsWith('/api/')) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
