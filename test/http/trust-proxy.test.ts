import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleClient } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The test client connects from 127.0.0.1, which plays the proxy in front of Verity: it appends
 * the address it saw (here 198.51.100.x) to whatever X-Forwarded-For the client sent.
 */
const forwarded = (clientWrote: string, proxySaw: string): string => `${clientWrote}, ${proxySaw}`;

async function tokenRequest(t: TestApp, xForwardedFor: string): Promise<number> {
  const response = await fetch(`${t.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': xForwardedFor },
    body: new URLSearchParams({ client_id: t.tenant.key, client_secret: t.tenant.secret, grant_type: 'client_credentials' }),
  });
  await response.arrayBuffer();
  return response.status;
}

for (const [setting, value] of [
  ['the proxy addresses', '127.0.0.1,10.0.0.0/8'],
  ['a hop count', '1'],
] as const) {
  describe(`VERITY_TRUST_PROXY as ${setting} (${value})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp('trust-proxy', { VERITY_TRUST_PROXY: value, VERITY_TOKEN_RATE_LIMIT_PER_IP: '3', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '0' });
    });
    after(() => t.close());

    test('a forged leftmost X-Forwarded-For address does not change the per-address rate limit; the address the proxy appended does', async () => {
      const statuses: number[] = [];
      for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5']) {
        statuses.push(await tokenRequest(t, forwarded(forged, '198.51.100.7')));
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.equal(await tokenRequest(t, forwarded('203.0.113.1', '198.51.100.8')), 200);
    });

    test('the audit log records the address the proxy appended, not the forged one', async () => {
      await t.verity.operators.create({ username: `proxied-${value.length}`, role: 'reviewer', password: 'proxied-operator-password' });
      const browser = consoleClient(t);
      await browser.get('/console/sign-in');
      const signedIn = await browser.post(
        '/console/sign-in',
        { username: `proxied-${value.length}`, password: 'proxied-operator-password' },
        { headers: { 'x-forwarded-for': forwarded('203.0.113.9', '198.51.100.20') } },
      );
      assert.equal(signedIn.status, 303);
      const [entry] = await t.verity.audit.list({ limit: 1 });
      assert.equal(entry?.action, 'signed_in');
      assert.equal(entry?.detail, '198.51.100.20');
    });
  });
}

describe('VERITY_TRUST_PROXY with an address that is not the proxy', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('trust-proxy-other', { VERITY_TRUST_PROXY: '10.1.2.3', VERITY_TOKEN_RATE_LIMIT_PER_IP: '2', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '0' });
  });
  after(() => t.close());

  test('X-Forwarded-For from a peer that is not a trusted proxy is ignored: the peer itself is the client', async () => {
    const statuses: number[] = [];
    for (const claimed of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) statuses.push(await tokenRequest(t, claimed));
    assert.deepEqual(statuses, [200, 200, 429]);
  });
});
