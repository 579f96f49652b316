import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

// README: a valid token of the wrong kind (an operator's on a tenant route, a tenant's on the
// review API) is 403 in the route's dialect, saying which kind the route needs; a token that is
// not valid at all stays 401 InvalidAccessToken.

let t: TestApp;
let operatorToken: string;
let tenantToken: string;
before(async () => {
  t = await startTestApp('wrong-token-kind');
  await t.verity.operators.create({ username: 'wanda.reviewer', password: 'wanda-password-12', role: 'reviewer' });
  operatorToken = (await t.verity.authenticator.issueOperatorToken('wanda.reviewer', 'wanda-password-12', '127.0.0.1')).accessToken;
  tenantToken = await t.token();
});
after(() => t.close());

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> };
}

const NEEDS_TENANT = /needs a tenant access token/;
const CUSTOMER = '00000000-0000-4000-8000-000000000000';

describe("an operator's token on a tenant route", () => {
  test('native: 403 Forbidden problem, with an insufficient_scope challenge', async () => {
    const res = await call('GET', '/v1/customers', operatorToken);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'Forbidden');
    assert.match(String(res.body.detail), NEEDS_TENANT);
    assert.match(String(res.headers.get('www-authenticate')), /^Bearer realm="verity", error="insufficient_scope"$/);
  });

  test("Dwolla: 403 {code: Forbidden, message} as HAL+JSON", async () => {
    const res = await call('GET', `/customers/${CUSTOMER}`, operatorToken);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'Forbidden');
    assert.match(String(res.body.message), NEEDS_TENANT);
    assert.match(String(res.headers.get('content-type')), /application\/vnd\.dwolla\.v1\.hal\+json/);
  });

  test('Delos: 403 {error}', async () => {
    const res = await call('GET', `/v2/customer/${CUSTOMER}`, operatorToken);
    assert.equal(res.status, 403);
    assert.match(String(res.body.error), NEEDS_TENANT);
  });

  test('10npay: 403 ProblemDetails with the reason as detail', async () => {
    const res = await call('POST', '/User', operatorToken, { merchantId: 9101, email: 'wrong.kind@example.com' });
    assert.equal(res.status, 403);
    assert.equal(res.body.title, 'Forbidden');
    assert.match(String(res.body.detail), NEEDS_TENANT);
    assert.equal(typeof res.body.traceId, 'string');
  });

  test('nothing was written by the refused request', async () => {
    const found = await t.verity.store.db.selectFrom('customers').select('id').where('email', '=', 'wrong.kind@example.com').executeTakeFirst();
    assert.equal(found, undefined);
  });
});

describe("a tenant's token on the review API", () => {
  test('403 Forbidden, saying an operator token is needed', async () => {
    const res = await call('GET', '/v1/reviews', tenantToken);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'Forbidden');
    assert.match(String(res.body.detail), /needs an operator access token/);
  });
});

describe('a token that is no token of either kind', () => {
  test('stays 401 InvalidAccessToken on both', async () => {
    for (const path of ['/v1/customers', '/v1/reviews']) {
      const res = await call('GET', path, 'not.a.token');
      assert.equal(res.status, 401, path);
      assert.equal(res.body.code, 'InvalidAccessToken', path);
    }
  });
});
