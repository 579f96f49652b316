import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { apiHeaders, helmetHeaders } from '../../src/doors/http/security-headers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const APP_ORIGIN = 'https://app.example.com';

function preflight(t: TestApp, path: string, origin: string) {
  return fetch(`${t.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

describe('security headers and CORS by default', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('security-headers');
  });
  after(() => t.close());

  it("sends OWASP's REST set on API answers, errors included, and no HSTS over plain http", async () => {
    for (const path of ['/healthz', '/v1/customers', '/no/such/route', '/customers', '/v2/customer']) {
      const response = await fetch(`${t.url}${path}`);
      await response.arrayBuffer();
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", path);
      assert.equal(response.headers.get('strict-transport-security'), null, path);
      assert.equal(response.headers.get('x-powered-by'), null, path);
    }
  });

  it("sends helmet's full set on the API docs", async () => {
    const response = await fetch(`${t.url}/docs/`);
    await response.arrayBuffer();
    assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });

  it('adds HSTS when served over https', () => {
    const config = loadConfig({ VERITY_PUBLIC_URL: 'https://verity.example.com' });
    assert.match(apiHeaders(config)['strict-transport-security'] ?? '', /max-age=31536000/);
    assert.match(helmetHeaders(config)['strict-transport-security'] ?? '', /max-age=31536000/);
  });

  it('keeps the console on its own stricter policy', async () => {
    const response = await fetch(`${t.url}/console/sign-in`);
    await response.arrayBuffer();
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
  });

  it('still serves the API docs', async () => {
    const response = await fetch(`${t.url}/docs/`);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });

  it('answers no CORS headers unless origins are configured', async () => {
    const response = await preflight(t, '/v1/customers', APP_ORIGIN);
    await response.arrayBuffer();
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const plain = await fetch(`${t.url}/healthz`, { headers: { origin: APP_ORIGIN } });
    await plain.arrayBuffer();
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
  });
});

describe('CORS with VERITY_CORS_ORIGINS', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('cors', { VERITY_CORS_ORIGINS: `${APP_ORIGIN}, http://localhost:5173` });
  });
  after(() => t.close());

  it('lets a configured origin call the APIs, and no other', async () => {
    const allowed = await preflight(t, '/v1/customers', APP_ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null);

    const other = await preflight(t, '/v1/customers', 'https://evil.example');
    await other.arrayBuffer();
    assert.equal(other.headers.get('access-control-allow-origin'), null);

    const token = await t.token();
    const read = await fetch(`${t.url}/v1/customers`, { headers: { origin: APP_ORIGIN, authorization: `Bearer ${token}` } });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('access-control-allow-origin'), APP_ORIGIN);
    await read.arrayBuffer();
  });

  it('never opens the console to other origins', async () => {
    const response = await preflight(t, '/console/sign-in', APP_ORIGIN);
    await response.arrayBuffer();
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('refuses origins that are not origins', () => {
    for (const bad of ['app.example.com', 'https://app.example.com/path', 'ftp://x.example']) {
      assert.throws(() => loadConfig({ VERITY_CORS_ORIGINS: bad }), ConfigError, bad);
    }
  });
});
