import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { basicAuth, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp('token');
});
after(() => t.close());

const form = 'application/x-www-form-urlencoded';

async function postToken(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}/token`, { method: 'POST', body, headers: { 'content-type': form, ...headers } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

async function getTenant(authorization?: string) {
  const response = await fetch(`${t.url}/v1/tenant`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /token', () => {
  test('issues a bearer token for credentials in an HTTP Basic header (dwolla SDK style)', async () => {
    const res = await postToken('grant_type=client_credentials', { authorization: basicAuth(t.tenant.key, t.tenant.secret) });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(res.body.expires_in, 3600);
    assert.equal(typeof res.body.access_token, 'string');
    const me = await getTenant(`Bearer ${res.body.access_token as string}`);
    assert.equal(me.status, 200);
    assert.equal(me.body.id, t.tenant.id);
  });

  test('issues a token for client_id and client_secret form fields (dwolla-v2 SDK style)', async () => {
    const body = new URLSearchParams({ client_id: t.tenant.key, client_secret: t.tenant.secret, grant_type: 'client_credentials' });
    const res = await postToken(body.toString());
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'bearer');
  });

  test('issues a token for credentials in a JSON body', async () => {
    const response = await fetch(`${t.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: t.tenant.key, client_secret: t.tenant.secret, grant_type: 'client_credentials' }),
    });
    assert.equal(response.status, 200);
  });

  test('refuses a wrong secret with 401 invalid_client', async () => {
    const res = await postToken('grant_type=client_credentials', { authorization: basicAuth(t.tenant.key, 'vs_wrong') });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
    assert.match(res.headers.get('www-authenticate') ?? '', /^Basic/);
  });

  test('refuses an unknown key with 401 invalid_client', async () => {
    const body = new URLSearchParams({ client_id: 'vk_nobody', client_secret: t.tenant.secret, grant_type: 'client_credentials' });
    const res = await postToken(body.toString());
    assert.equal(res.status, 401);
    assert.deepEqual(Object.keys(res.body).sort(), ['error', 'error_description']);
    assert.equal(res.body.error, 'invalid_client');
  });

  test('refuses another grant type with 400 unsupported_grant_type', async () => {
    const res = await postToken('grant_type=password', { authorization: basicAuth(t.tenant.key, t.tenant.secret) });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'unsupported_grant_type');
  });

  test('refuses a missing grant_type with 400 invalid_request', async () => {
    const res = await postToken('', { authorization: basicAuth(t.tenant.key, t.tenant.secret) });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_request');
  });

  test('refuses missing credentials with 401 invalid_client', async () => {
    const res = await postToken('grant_type=client_credentials&client_id=only-an-id');
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  test('refuses credentials sent both ways at once with 400 invalid_request', async () => {
    const body = new URLSearchParams({ client_id: t.tenant.key, client_secret: t.tenant.secret, grant_type: 'client_credentials' });
    const res = await postToken(body.toString(), { authorization: basicAuth(t.tenant.key, t.tenant.secret) });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_request');
  });

  test('refuses a malformed Basic header with 401 invalid_client', async () => {
    const res = await postToken('grant_type=client_credentials', { authorization: 'Basic not-base64-without-colon' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  test('answers malformed JSON and unsupported media types in the OAuth error shape', async () => {
    const bad = await fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: string }).error, 'invalid_request');
    const xml = await fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<a/>' });
    assert.equal(xml.status, 415);
    assert.equal(((await xml.json()) as { error: string }).error, 'invalid_request');
  });
});

describe('bearer tokens on /v1', () => {
  test('a missing Authorization header is 401 InvalidCredentials with a Bearer challenge', async () => {
    const res = await getTenant();
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidCredentials');
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  });

  test('a non-Bearer Authorization header is 401', async () => {
    const res = await getTenant(basicAuth(t.tenant.key, t.tenant.secret));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidCredentials');
  });

  test('a garbage token is 401 InvalidAccessToken', async () => {
    const res = await getTenant('Bearer not.a.jwt');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidAccessToken');
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });

  test('a token signed with another key is 401 InvalidAccessToken', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ ver: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(t.tenant.id)
      .setIssuer('verity')
      .setAudience('verity-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(randomBytes(32));
    const res = await getTenant(`Bearer ${forged}`);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidAccessToken');
  });

  test('an unsigned (alg: none) token is 401 InvalidAccessToken', async () => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = { sub: t.tenant.id, ver: 1, iss: 'verity', aud: 'verity-api', iat: now, exp: now + 600 };
    const res = await getTenant(`Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidAccessToken');
  });

  test('an expired token is 401 ExpiredAccessToken, also after it was used while valid', async () => {
    // Past the lifetime and the leeway for other nodes' clocks.
    const pastExpiry = (t.verity.config.tokenTtlSeconds + t.verity.config.clockSkewSeconds + 1) * 1000;
    const token = await t.token();
    assert.equal((await getTenant(`Bearer ${token}`)).status, 200);
    t.clock.advance(pastExpiry);
    try {
      const res = await getTenant(`Bearer ${token}`);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'ExpiredAccessToken');
    } finally {
      t.clock.advance(-pastExpiry);
    }
  });

  test('an expired token never seen before is 401 ExpiredAccessToken', async () => {
    const token = await t.token();
    t.clock.advance(7200 * 1000);
    try {
      const res = await getTenant(`Bearer ${token}`);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'ExpiredAccessToken');
    } finally {
      t.clock.advance(-7200 * 1000);
    }
  });

  test('rotating the secret revokes earlier tokens and the old secret', async () => {
    const { tenant, secret } = await t.verity.tenants.create({ name: 'rotating' });
    const before = (await t.verity.authenticator.issueToken(tenant.key, secret)).accessToken;
    assert.equal((await getTenant(`Bearer ${before}`)).status, 200);
    const rotated = await t.verity.tenants.rotateSecret(tenant.id);
    const revoked = await getTenant(`Bearer ${before}`);
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.code, 'InvalidAccessToken');
    const oldSecret = await postToken('grant_type=client_credentials', { authorization: basicAuth(tenant.key, secret) });
    assert.equal(oldSecret.status, 401);
    const newSecret = await postToken('grant_type=client_credentials', { authorization: basicAuth(tenant.key, rotated.secret) });
    assert.equal(newSecret.status, 200);
  });
});

describe('rate limits on /token', () => {
  test('per IP and per client, answering 429 with Retry-After', async () => {
    const limited = await startTestApp('token-limits', {
      VERITY_TOKEN_RATE_LIMIT_PER_IP: '5',
      VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '2',
    });
    try {
      const post = async (key: string) => {
        const response = await fetch(`${limited.url}/token`, {
          method: 'POST',
          headers: { 'content-type': form, authorization: basicAuth(key, limited.tenant.secret) },
          body: 'grant_type=client_credentials',
        });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error?: string } };
      };
      assert.equal((await post(limited.tenant.key)).status, 200);
      assert.equal((await post(limited.tenant.key)).status, 200);
      const perClient = await post(limited.tenant.key);
      assert.equal(perClient.status, 429);
      assert.ok(Number(perClient.retryAfter) > 0);
      assert.equal(perClient.body.error, 'too_many_requests');
      assert.equal((await post('vk_other')).status, 401);
      assert.equal((await post('vk_another')).status, 401);
      const perIp = await post('vk_third');
      assert.equal(perIp.status, 429);
      assert.ok(Number(perIp.retryAfter) > 0);
    } finally {
      await limited.close();
    }
  });
});
