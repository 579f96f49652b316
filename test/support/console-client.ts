import type { TestApp } from './test-app.js';

export interface ConsoleResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Where a redirect points (path and query), if the answer is one. */
  readonly location?: string;
}

/**
 * A browser stand-in for console tests over real HTTP: keeps cookies, remembers the CSRF token of
 * the last page it read and sends it with every form (unless the test says otherwise), and does
 * not follow redirects, so tests can see them.
 */
export function consoleClient(t: TestApp) {
  const cookies = new Map<string, string>();
  let csrf = '';

  function remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  async function send(method: string, path: string, body?: URLSearchParams, headers: Record<string, string> = {}): Promise<ConsoleResponse> {
    const response = await fetch(`${t.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookies.size > 0 && { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') }),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
        ...headers,
      },
      ...(body && { body: body.toString() }),
    });
    remember(response);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) csrf = token;
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, headers: response.headers, text, ...(location && { location }) };
  }

  const client = {
    cookies,
    get csrf() {
      return csrf;
    },
    get: (path: string) => send('GET', path),
    /** Posts a form; `_csrf` is the last page's token unless `fields` sets it (or `csrf: false` leaves it out). */
    post(path: string, fields: Record<string, string | string[]> = {}, options: { csrf?: boolean; headers?: Record<string, string> } = {}) {
      const body = new URLSearchParams();
      if (options.csrf !== false && !('_csrf' in fields)) body.append('_csrf', csrf);
      for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
      return send('POST', path, body, options.headers);
    },
    /** Signs in through the sign-in form; returns the form's answer (303 on success). */
    async signIn(username: string, password: string, next?: string) {
      await send('GET', `/console/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      return client.post('/console/sign-in', { username, password, ...(next && { next }) });
    },
  };
  return client;
}

export type ConsoleClient = ReturnType<typeof consoleClient>;

let operatorCounter = 0;
/** Creates an operator with a known password and signs it in; returns its client. */
export async function signedInOperator(t: TestApp, role: 'reviewer' | 'admin', name: string = role) {
  operatorCounter += 1;
  const username = `${name}-${operatorCounter}-${Date.now().toString(36)}`;
  const password = `${name}-password-long-enough`;
  const operator = await t.verity.operators.create({ username, role, password });
  const client = consoleClient(t);
  const answer = await client.signIn(username, password);
  if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status} ${answer.text.slice(0, 200)}`);
  await client.get('/console/queue');
  return { client, operator, username, password };
}
