import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSecondNode, type SecondNode } from '../support/second-node.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// An access token handed out by a Delos login or refresh belongs to that login's refresh family:
// when the family is revoked, the access token stops working too, on every node.

let t: TestApp;
let other: SecondNode;
before(async () => {
  t = await startTestApp('delos-family-revocation');
  other = await startSecondNode(t);
});
after(async () => {
  await other.close();
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
}

async function login(key = t.tenant.key, secret = t.tenant.secret): Promise<Json> {
  const response = await call(t.url, 'POST', '/v2/auth/login', { login: key, password: secret });
  assert.equal(response.status, 200);
  return response.body;
}

const refresh = (token: string) => call(t.url, 'GET', `/v2/auth/refresh/${encodeURIComponent(token)}`);

/** The token opens Delos's customer list and the native API, on both nodes. */
async function assertWorks(token: string): Promise<void> {
  for (const url of [t.url, other.url]) {
    assert.equal((await call(url, 'GET', '/v2/customer', undefined, token)).status, 200, url);
    assert.equal((await call(url, 'GET', '/v1/tenant', undefined, token)).status, 200, url);
  }
}

async function assertRevoked(token: string): Promise<void> {
  for (const url of [t.url, other.url]) {
    const delos = await call(url, 'GET', '/v2/customer', undefined, token);
    assert.equal(delos.status, 401, url);
    assert.deepEqual(delos.body, { error: 'Unauthorized' });
    const native = await call(url, 'GET', '/v1/tenant', undefined, token);
    assert.equal(native.status, 401, url);
    assert.equal(native.body.code, 'InvalidAccessToken');
  }
}

describe('access tokens of a revoked refresh family', () => {
  test('reuse of a refresh token ends every access token the family issued', async () => {
    const first = await login();
    await assertWorks(first.accessToken);
    const second = await refresh(first.refreshToken);
    assert.equal(second.status, 200);
    await assertWorks(second.body.accessToken);
    assert.equal((await refresh(first.refreshToken)).status, 401, 'reuse revokes the family');
    await assertRevoked(first.accessToken);
    await assertRevoked(second.body.accessToken);
  });

  test('another login of the same tenant, and tokens from POST /token, keep working', async () => {
    const doomed = await login();
    const kept = await login();
    const plain = await t.token();
    await refresh(doomed.refreshToken);
    await refresh(doomed.refreshToken);
    await assertRevoked(doomed.accessToken);
    await assertWorks(kept.accessToken);
    await assertWorks(plain);
  });

  test('rotating the secret on one node ends the family’s access tokens on the other at once', async () => {
    const created = await t.verity.tenants.create({ name: 'rotating delos tenant' });
    const session = await login(created.tenant.key, created.secret);
    await assertWorks(session.accessToken);
    await t.verity.tenants.rotateSecret(created.tenant.id);
    await assertRevoked(session.accessToken);
  });
});
