import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { InvalidAccessTokenError } from '../../src/domain/errors.js';
import { useNativeErrors } from '../../src/doors/native/errors.js';
import { operatorAuth, operatorOf, requireAdmin } from '../../src/doors/http/operator-auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REVIEWER = { username: 'rita.reviewer', password: 'reviewer-password-1' };
const ADMIN = { username: 'adam.admin', password: 'admin-password-123' };

let t: TestApp;
let hooked: FastifyInstance;
let reviewerId: string;
before(async () => {
  t = await startTestApp('operator-auth');
  reviewerId = (await t.verity.operators.create({ ...REVIEWER, role: 'reviewer' })).id;
  await t.verity.operators.create({ ...ADMIN, role: 'admin' });
  hooked = backOffice(t);
  await hooked.ready();
});
after(async () => {
  await hooked.close();
  await t.close();
});

/** A tiny back office: the operator hook in front of a "who am I" and an admin-only route. */
function backOffice(app: TestApp): FastifyInstance {
  const instance = Fastify();
  useNativeErrors(instance);
  instance.decorateRequest('operator', null);
  instance.addHook('onRequest', operatorAuth(app.verity.authenticator));
  instance.get('/me', async (request) => {
    const operator = operatorOf(request);
    return { id: operator.id, username: operator.username, role: operator.role };
  });
  instance.get('/admin-only', async (request) => ({ id: requireAdmin(request).id }));
  return instance;
}

async function postOperatorToken(body: unknown, headers: Record<string, string> = {}, url = t.url) {
  const response = await fetch(`${url}/v1/operators/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

async function operatorToken(credentials: { username: string; password: string }): Promise<string> {
  return (await t.verity.authenticator.issueOperatorToken(credentials.username, credentials.password, '127.0.0.1')).accessToken;
}

async function asOperator(path: string, authorization?: string) {
  const response = await hooked.inject({ method: 'GET', url: path, headers: authorization ? { authorization } : {} });
  return { status: response.statusCode, headers: response.headers, body: response.json<Record<string, unknown>>() };
}

describe('POST /v1/operators/token', () => {
  test('issues a bearer token for a reviewer and for an admin', async () => {
    for (const [credentials, role] of [[REVIEWER, 'reviewer'], [ADMIN, 'admin']] as const) {
      const res = await postOperatorToken(credentials);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(res.body).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.equal(res.body.token_type, 'bearer');
      assert.equal(res.body.expires_in, 3600);
      const me = await asOperator('/me', `Bearer ${res.body.access_token as string}`);
      assert.equal(me.status, 200);
      assert.equal(me.body.username, credentials.username);
      assert.equal(me.body.role, role);
    }
  });

  test('a wrong password and an unknown username are the same 401 InvalidCredentials problem', async () => {
    const wrong = await postOperatorToken({ username: REVIEWER.username, password: 'not-the-password' });
    const unknown = await postOperatorToken({ username: 'nobody.here', password: REVIEWER.password });
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(res.body.code, 'InvalidCredentials');
    }
    const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    assert.deepEqual(withoutRequestId(wrong.body), withoutRequestId(unknown.body));
  });

  test('missing fields are 400 ValidationError', async () => {
    const noPassword = await postOperatorToken({ username: REVIEWER.username });
    assert.equal(noPassword.status, 400);
    assert.equal(noPassword.body.code, 'ValidationError');
    assert.deepEqual((noPassword.body.errors as { pointer: string }[]).map((e) => e.pointer), ['/password']);
    const empty = await postOperatorToken({});
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'ValidationError');
    const blank = await postOperatorToken({ username: '', password: REVIEWER.password });
    assert.equal(blank.status, 400);
  });

  test('accepts JSON only', async () => {
    const body = new URLSearchParams(REVIEWER).toString();
    const res = await postOperatorToken(body, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
    assert.equal(res.body.code, 'UnsupportedMediaType');
  });

  test('rate-limits per username and per IP, answering 429 with Retry-After', async () => {
    const limited = await startTestApp('operator-token-limits', {
      VERITY_TOKEN_RATE_LIMIT_PER_IP: '5',
      VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '2',
    });
    try {
      await limited.verity.operators.create({ ...REVIEWER, role: 'reviewer' });
      const post = (username: string) => postOperatorToken({ username, password: REVIEWER.password }, {}, limited.url);
      assert.equal((await post(REVIEWER.username)).status, 200);
      assert.equal((await post(REVIEWER.username)).status, 200);
      const perUser = await post(REVIEWER.username);
      assert.equal(perUser.status, 429);
      assert.equal(perUser.body.code, 'TooManyRequests');
      assert.ok(Number(perUser.headers.get('retry-after')) > 0);
      assert.equal((await post('someone.else')).status, 401);
      assert.equal((await post('another.one')).status, 401);
      const perIp = await post('a.third');
      assert.equal(perIp.status, 429);
      assert.ok(Number(perIp.headers.get('retry-after')) > 0);
    } finally {
      await limited.close();
    }
  });
});

describe('operator tokens and tenant tokens', () => {
  test('an operator token is refused on the tenant API with 403, saying a tenant token is needed', async () => {
    const token = await operatorToken(ADMIN);
    // Used once by the operator hook first, so it sits in the verified-token cache.
    assert.equal((await asOperator('/me', `Bearer ${token}`)).status, 200);
    const response = await fetch(`${t.url}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 403);
    assert.match(String(response.headers.get('www-authenticate')), /error="insufficient_scope"/);
    const body = (await response.json()) as { code: string; detail: string };
    assert.equal(body.code, 'Forbidden');
    assert.match(body.detail, /needs a tenant access token/);
  });

  test('an operator token that no longer stands (disabled operator) stays a 401 on the tenant API', async () => {
    const operator = await t.verity.operators.create({ username: 'olga.gone', password: 'olga-password-123', role: 'reviewer' });
    const token = await operatorToken({ username: 'olga.gone', password: 'olga-password-123' });
    const admin = await t.verity.authenticator.operatorForToken(await operatorToken(ADMIN));
    await t.verity.operators.setDisabled(operator.id, true, admin);
    const response = await fetch(`${t.url}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { code: string }).code, 'InvalidAccessToken');
  });

  test('a tenant token does not stand for an operator', async () => {
    const tenantToken = await t.token();
    // Used once on the tenant API first, so it sits in the verified-token cache.
    assert.equal((await fetch(`${t.url}/v1/tenant`, { headers: { authorization: `Bearer ${tenantToken}` } })).status, 200);
    await assert.rejects(t.verity.authenticator.operatorForToken(tenantToken), InvalidAccessTokenError);
    const res = await asOperator('/me', `Bearer ${tenantToken}`);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'Forbidden');
    assert.match(String(res.body.detail), /needs an operator access token/);
    assert.match(String(res.headers['www-authenticate']), /error="insufficient_scope"/);
  });

  test('operatorForToken gives the operator as it is now', async () => {
    const operator = await t.verity.authenticator.operatorForToken(await operatorToken(REVIEWER));
    assert.equal(operator.id, reviewerId);
    assert.equal(operator.role, 'reviewer');
  });
});

describe('the operator hook', () => {
  test('a missing Authorization header is 401 InvalidCredentials with a Bearer challenge', async () => {
    const res = await asOperator('/me');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidCredentials');
    assert.match(String(res.headers['www-authenticate']), /^Bearer/);
  });

  test('a garbage token is 401 InvalidAccessToken', async () => {
    const res = await asOperator('/me', 'Bearer not.a.jwt');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidAccessToken');
  });

  test('requireAdmin admits an admin and forbids a reviewer', async () => {
    assert.equal((await asOperator('/admin-only', `Bearer ${await operatorToken(ADMIN)}`)).status, 200);
    const reviewer = await asOperator('/admin-only', `Bearer ${await operatorToken(REVIEWER)}`);
    assert.equal(reviewer.status, 403);
    assert.equal(reviewer.body.code, 'Forbidden');
  });

  test('an expired operator token is 401 ExpiredAccessToken, also after it was used while valid', async () => {
    // Past the lifetime and the leeway for other nodes' clocks.
    const pastExpiry = (t.verity.config.tokenTtlSeconds + t.verity.config.clockSkewSeconds + 1) * 1000;
    const used = await operatorToken(REVIEWER);
    assert.equal((await asOperator('/me', `Bearer ${used}`)).status, 200);
    const unused = await operatorToken(REVIEWER);
    t.clock.advance(pastExpiry);
    try {
      for (const token of [used, unused]) {
        const res = await asOperator('/me', `Bearer ${token}`);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'ExpiredAccessToken');
      }
    } finally {
      t.clock.advance(-pastExpiry);
    }
  });
});
