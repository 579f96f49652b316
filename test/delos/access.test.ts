import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { delosClient, uniqueEmail as email } from './client.js';

// Who may see what through the Delos dialect: bearer tokens, tenant isolation, unknown routes.

let t: TestApp;
let token: string;
const { delos, create } = delosClient(() => t.url, () => token);

before(async () => {
  t = await startTestApp('delos-access');
  token = await t.token();
});

after(() => t.close());

describe('authentication and tenant isolation', () => {
  test('every customer route needs a valid bearer token: 401 {"error": "Unauthorized"}', async () => {
    const item = await create({ name: 'Guarded' });
    const routes: Array<[string, string]> = [
      ['GET', `/v2/customer/${item.cuid}`],
      ['POST', `/v2/customer/${item.cuid}`],
      ['GET', '/v2/customer'],
      ['POST', '/v2/customer'],
      ['PATCH', `/v2/customer/${item.cuid}`],
      ['PATCH', `/v2/customer/${item.cuid}/application`],
    ];
    for (const [method, path] of routes) {
      for (const authorization of [undefined, 'Bearer nope', '123', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
        const response = await fetch(`${t.url}${path}`, { method, headers: authorization === undefined ? {} : { authorization } });
        assert.equal(response.status, 401, `${method} ${path} with ${authorization}`);
        assert.deepEqual(await response.json(), { error: 'Unauthorized' });
      }
    }
  });

  test('an expired token answers 401 {"error": "Token expired"}', async () => {
    const expiring = await t.token();
    t.clock.advance((t.verity.config.tokenTtlSeconds + t.verity.config.clockSkewSeconds + 1) * 1000);
    try {
      const response = await fetch(`${t.url}/v2/customer`, { headers: { authorization: `Bearer ${expiring}` } });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { error: 'Token expired' });
    } finally {
      token = await t.token();
    }
  });

  test('the JWT without "Bearer", as Delos’s real request example sends it, is accepted', async () => {
    const item = await create({ name: 'Bare' });
    const response = await fetch(`${t.url}/v2/customer/${item.cuid}`, { headers: { authorization: token } });
    assert.equal(response.status, 200);
  });

  test('another tenant’s customer is not found, on every route, and not listed', async () => {
    const item = await create({ name: 'Private', lastname: 'Person', email: email('private') });
    const other = await t.verity.tenants.create({ name: 'other tenant' });
    const otherToken = (await t.verity.authenticator.issueToken(other.tenant.key, other.secret)).accessToken;
    const as = { authorization: `Bearer ${otherToken}` };
    for (const method of ['GET', 'POST']) {
      const got = await delos(method, `/v2/customer/${item.cuid}`, undefined, as);
      assert.equal(got.status, 404);
      assert.deepEqual(got.body, { error: `Customer not found: ${item.cuid}` });
    }
    const patched = await delos('PATCH', `/v2/customer/${item.cuid}`, { name: 'Stolen' }, as);
    assert.equal(patched.status, 404);
    const applied = await delos('PATCH', `/v2/customer/${item.cuid}/application`, undefined, as);
    assert.equal(applied.status, 404);
    assert.equal(applied.body.success, false);
    const listed = await delos('GET', `/v2/customer?customerId=${item.cuid}`, undefined, as);
    assert.deepEqual(listed.body, { items: [], total: 0 });
    const all = await delos('GET', '/v2/customer', undefined, as);
    assert.deepEqual(all.body, { items: [], total: 0 });
    // Untouched for its owner.
    assert.equal((await delos('GET', `/v2/customer/${item.cuid}`)).body.item.name, 'Private');
  });

  test('unknown routes under /v2 answer in Delos’s shape; a wrong method says which are allowed', async () => {
    const unknown = await delos('GET', '/v2/nothing-here');
    assert.equal(unknown.status, 404);
    assert.equal(typeof unknown.body.error, 'string');
    const wrongMethod = await delos('DELETE', `/v2/customer/${randomUUID()}`);
    assert.equal(wrongMethod.status, 405);
    assert.match(wrongMethod.headers.get('allow') ?? '', /GET/);
    assert.equal(typeof wrongMethod.body.error, 'string');
  });

  test('Delos routes are in Verity’s OpenAPI document, under the Delos tag', async () => {
    const spec = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const delos = Object.entries(spec.paths).filter(([path]) => path.startsWith('/v2/'));
    assert.ok(delos.some(([path]) => path === '/v2/customer'));
    for (const [, operations] of delos) for (const operation of Object.values(operations)) assert.deepEqual(operation.tags, ['Delos']);
  });
});
