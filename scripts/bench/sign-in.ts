// Signs in through next-auth's own HTTP flow (csrf → credentials callback) and returns the
// cookie header a browser would send, so the load test measures real signed-in requests.
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = cookiesOf(response).find((c) => c.includes('session-token='));
  if (!session) throw new Error(`sign-in failed with HTTP ${response.status}`);
  return [...jar, session].join('; ');
}
