import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let bearer: string;
before(async () => {
  t = await startTestApp('basics');
  bearer = `Bearer ${await t.token()}`;
});
after(() => t.close());

function assertProblem(body: Record<string, unknown>, status: number, code: string) {
  assert.equal(body.status, status);
  assert.equal(body.code, code);
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.detail, 'string');
  assert.equal(typeof body.type, 'string');
  assert.equal(typeof body.requestId, 'string');
}

describe('probes', () => {
  test('GET /healthz answers 200 without authentication', async () => {
    const response = await fetch(`${t.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('GET /readyz answers 200 while the database is reachable', async () => {
    const response = await fetch(`${t.url}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ready' });
  });
});

describe('GET /v1/tenant', () => {
  test('returns the tenant of the token, without its secret', async () => {
    const response = await fetch(`${t.url}/v1/tenant`, { headers: { authorization: bearer } });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.id, t.tenant.id);
    assert.equal(body.key, t.tenant.key);
    // A sandbox server's new tenants are sandbox tenants (magic values apply) unless created otherwise.
    assert.equal(body.sandbox, true);
    assert.match(body.createdAt as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(!JSON.stringify(body).includes(t.tenant.secret));
    assert.deepEqual(Object.keys(body).sort(), ['createdAt', 'documents', 'id', 'key', 'name', 'requiredOnboardingSteps', 'sandbox', 'screening', 'selfAttestation', 'updatedAt', 'verification']);
    // A sandbox server lets every tenant attest its customers unless an operator said otherwise.
    assert.equal(body.selfAttestation, true);
    // A sandbox tenant accepts every basis by default, sandbox among them.
    assert.deepEqual(body.verification, {
      accept: ['identity_provider', 'document_review', 'tenant_attestation', 'sandbox'],
      available: ['identity_provider', 'document_review', 'tenant_attestation', 'sandbox'],
      chosen: null,
    });
  });
});

describe('bad input gets a clear 4xx problem, never a 5xx', () => {
  test('malformed JSON is 400 BadRequest', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    assert.equal(response.statusCode, 400);
  });

  test('malformed JSON on a native route is a 400 problem', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/v1/tenant',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      payload: '{"a":',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
    assertProblem(response.json(), 400, 'BadRequest');
  });

  test('an unsupported content type is 415 UnsupportedMediaType', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/v1/tenant',
      headers: { authorization: bearer, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    assert.equal(response.statusCode, 415);
    assertProblem(response.json(), 415, 'UnsupportedMediaType');
  });

  test('a 2 MB body to a small endpoint is 413 PayloadTooLarge', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/v1/tenant',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      payload: JSON.stringify({ filler: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(response.statusCode, 413);
    assertProblem(response.json(), 413, 'PayloadTooLarge');
  });

  test('a 2 MB body over real HTTP is refused with 413 too', async () => {
    const response = await fetch(`${t.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&pad=${'x'.repeat(2 * 1024 * 1024)}`,
    }).catch((error: unknown) => error as Error);
    // The server may answer before the client finished sending; either way it must not be a 5xx.
    if (response instanceof Response) assert.equal(response.status, 413);
  });

  test('a body breaking the schema is 400 ValidationError with JSON pointers', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/v1/tenant',
      headers: { authorization: bearer },
      payload: { name: '', colour: 'red' },
    });
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assertProblem(body, 400, 'ValidationError');
    assert.ok(body.errors.some((e: { pointer: string; code: string }) => e.pointer === '/colour' && e.code === 'NotAllowed'));
  });

  test('a missing required field is reported as Required at its pointer', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/v1/webhook-subscriptions', headers: { authorization: bearer }, payload: {} });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().errors, [{ pointer: '/url', code: 'Required', detail: 'url is required' }]);
  });

  test('an empty tenant update is refused', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: '/v1/tenant', headers: { authorization: bearer }, payload: {} });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'ValidationError');
  });

  test('a blank name is refused by the service rules', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: '/v1/tenant', headers: { authorization: bearer }, payload: { name: '   ' } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().errors[0].pointer, '/name');
  });

  test('an unknown route is 404 NotFound', async () => {
    const response = await fetch(`${t.url}/v1/nothing-here`, { headers: { authorization: bearer } });
    assert.equal(response.status, 404);
    assertProblem((await response.json()) as Record<string, unknown>, 404, 'NotFound');
  });

  test('a known route with the wrong method is 405 with an Allow header', async () => {
    const response = await fetch(`${t.url}/v1/tenant`, { method: 'DELETE', headers: { authorization: bearer } });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, PATCH');
    assertProblem((await response.json()) as Record<string, unknown>, 405, 'MethodNotAllowed');
  });

  test('GET /token (the route exists only for POST) is 405', async () => {
    const response = await fetch(`${t.url}/token`);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
  });
});

describe('PATCH /v1/tenant', () => {
  test('renames the tenant', async () => {
    const response = await fetch(`${t.url}/v1/tenant`, {
      method: 'PATCH',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme Payments' }),
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { name: string }).name, 'Acme Payments');
    const again = await fetch(`${t.url}/v1/tenant`, { headers: { authorization: bearer } });
    assert.equal(((await again.json()) as { name: string }).name, 'Acme Payments');
  });
});

describe('request ids', () => {
  test('every response carries X-Request-Id, matching the problem body', async () => {
    const response = await fetch(`${t.url}/v1/tenant`);
    const id = response.headers.get('x-request-id');
    assert.ok(id && id.length > 0);
    assert.equal(((await response.json()) as { requestId: string }).requestId, id);
  });

  test("a caller's safe X-Request-Id is kept, an unsafe one replaced", async () => {
    const kept = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'trace-123.abc' } });
    assert.equal(kept.headers.get('x-request-id'), 'trace-123.abc');
    const replaced = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    assert.notEqual(replaced.headers.get('x-request-id'), 'bad id <script>');
  });
});

describe('API documentation', () => {
  test('/openapi.json is OpenAPI 3.1 built from the route schemas', async () => {
    const response = await fetch(`${t.url}/openapi.json`);
    assert.equal(response.status, 200);
    const spec = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(spec.paths['/v1/tenant']?.get);
    assert.ok(spec.paths['/token']?.post);
    assert.ok(spec.paths['/healthz']?.get);
    assert.equal(spec.paths['/openapi.json'], undefined);
    // The identity-data provider's contract: the call Verity makes, as an OpenAPI 3.1 webhook.
    const check = (spec as unknown as { webhooks: Record<string, { post: { responses: Record<string, unknown> } }> }).webhooks.identityProviderCheck;
    assert.ok(check?.post.responses['200']);
  });

  test('/docs serves the browsable reference', async () => {
    const response = await fetch(`${t.url}/docs/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<html/i);
  });
});
