import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Delos's login and refresh-token rotation over raw HTTP (DL-LOGIN, DL-REFRESH).

let t: TestApp;

before(async () => {
  t = await startTestApp('delos-auth');
});

after(() => t.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as Json };
}

const login = (body: unknown = { login: t.tenant.key, password: t.tenant.secret }) => call('POST', '/v2/auth/login', body);
const refresh = (token: string) => call('GET', `/v2/auth/refresh/${encodeURIComponent(token)}`);

async function loggedIn(): Promise<Json> {
  const response = await login();
  assert.equal(response.status, 200, response.text);
  return response.body;
}

describe('login', () => {
  test('the tenant key and secret as login and password give Delos’s token answer', async () => {
    const response = await login({ login: t.tenant.key, password: t.tenant.secret, code: '123456' });
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), ['UserId', 'accessToken', 'accessTtl', 'refreshToken', 'refreshTtl']);
    assert.equal(response.body.UserId, t.tenant.id);
    assert.equal(response.body.accessTtl, t.verity.config.tokenTtlSeconds);
    assert.equal(response.body.refreshTtl, 2592000);
    assert.match(response.body.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(typeof response.body.refreshToken, 'string');
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  test('the access token is Verity’s ordinary tenant token: it opens Delos, native and Dwolla routes', async () => {
    const { accessToken } = await loggedIn();
    for (const path of ['/v2/customer', '/v1/customers', '/customers']) {
      const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(response.status, 200, path);
    }
  });

  test('a wrong password or unknown login: 401 without saying which', async () => {
    for (const body of [{ login: t.tenant.key, password: 'vs_wrong' }, { login: 'vk_nobody', password: t.tenant.secret }]) {
      const response = await login(body);
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, { error: 'Invalid login or password' });
    }
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ password: 'x' }, /^login is required$/],
      [{ login: t.tenant.key }, /^password is required$/],
      [{ login: 5, password: 'x' }, /^login must be a string$/],
      [{ login: 'a', password: ['x'] }, /^password must be a string$/],
      [{ login: 'a', password: 'b', code: { x: 1 } }, /^code must be a string$/],
      [[], /JSON object/],
      ['', /JSON object/],
      ['{"login":', /not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const response = await login(body);
      assert.equal(response.status, 400, `${JSON.stringify(body)} → ${response.text}`);
      assert.match(response.body.error, message);
    }
  });
});

describe('refresh', () => {
  test('issues a new access token and the next refresh token of the same family (guid)', async () => {
    const first = await loggedIn();
    const second = await refresh(first.refreshToken);
    assert.equal(second.status, 200);
    assert.deepEqual(Object.keys(second.body).sort(), ['UserId', 'accessToken', 'accessTtl', 'guid', 'refreshToken', 'refreshTtl']);
    assert.equal(second.body.UserId, t.tenant.id);
    assert.equal(second.body.accessTtl, t.verity.config.tokenTtlSeconds);
    assert.equal(second.body.refreshTtl, 2592000);
    assert.notEqual(second.body.refreshToken, first.refreshToken);
    assert.equal(second.headers.get('cache-control'), 'no-store');
    const third = await refresh(second.body.refreshToken);
    assert.equal(third.status, 200);
    assert.equal(third.body.guid, second.body.guid);
    const listed = await fetch(`${t.url}/v2/customer`, { headers: { authorization: `Bearer ${third.body.accessToken}` } });
    assert.equal(listed.status, 200);
    // Another login, another family.
    const other = await refresh((await loggedIn()).refreshToken);
    assert.notEqual(other.body.guid, second.body.guid);
  });

  test('presenting a used refresh token again revokes the whole family', async () => {
    const first = await loggedIn();
    const second = await refresh(first.refreshToken);
    assert.equal(second.status, 200);
    const reused = await refresh(first.refreshToken);
    assert.equal(reused.status, 401);
    assert.deepEqual(reused.body, { error: 'Token revoked. Please log in again' });
    const newest = await refresh(second.body.refreshToken);
    assert.equal(newest.status, 401);
    assert.deepEqual(newest.body, { error: 'Token revoked. Please log in again' });
    // Logging in again works.
    assert.equal((await refresh((await loggedIn()).refreshToken)).status, 200);
  });

  test('an unknown refresh token: 401 invalid', async () => {
    for (const token of ['vrt_unknown', 'D69Ijtr-sTPF-2FhmobKMEExA', 'a'.repeat(150)]) {
      const response = await refresh(token);
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, { error: 'Invalid or expired refresh token' });
    }
  });

  test('two concurrent refreshes of one token: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const { refreshToken } = await loggedIn();
      const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401]);
    }
  });

  test('rotating the tenant secret revokes its refresh tokens', async () => {
    const other = await t.verity.tenants.create({ name: 'rotating tenant' });
    const session = await call('POST', '/v2/auth/login', { login: other.tenant.key, password: other.secret });
    assert.equal(session.status, 200);
    const rotated = await t.verity.tenants.rotateSecret(other.tenant.id);
    const refused = await refresh(session.body.refreshToken);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { error: 'Token revoked. Please log in again' });
    const oldSecret = await call('POST', '/v2/auth/login', { login: other.tenant.key, password: other.secret });
    assert.equal(oldSecret.status, 401);
    const newSecret = await call('POST', '/v2/auth/login', { login: other.tenant.key, password: rotated.secret });
    assert.equal(newSecret.status, 200);
  });

  // Last: moves the clock past every token's lifetime.
  test('a refresh token expires 30 days after it was issued', async () => {
    const first = await loggedIn();
    t.clock.advance((2592000 - 60) * 1000);
    const second = await refresh(first.refreshToken);
    assert.equal(second.status, 200);
    t.clock.advance(2592000 * 1000 + 1000);
    const expired = await refresh(second.body.refreshToken);
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, { error: 'Invalid or expired refresh token' });
  });
});

describe('rate limits', () => {
  test('logins are limited per login and per client IP, answered 429 with Retry-After', async () => {
    const limited = await startTestApp('delos-auth-limits', { VERITY_TOKEN_RATE_LIMIT_PER_IP: '6', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '2' });
    try {
      const post = (body: unknown) =>
        fetch(`${limited.url}/v2/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const wrong = { login: limited.tenant.key, password: 'vs_wrong' };
      assert.equal((await post(wrong)).status, 401);
      assert.equal((await post(wrong)).status, 401);
      const third = await post(wrong);
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      assert.match(((await third.json()) as Json).error, /Too many requests/);
      // Another login still has its own allowance, until the IP's is used up.
      const others = [];
      for (let i = 0; i < 4; i++) others.push((await post({ login: `vk_other${i}`, password: 'x' })).status);
      assert.deepEqual(others, [401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
