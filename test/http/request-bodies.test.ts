import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { personal, uniqueEmail } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// README, "Request bodies": one rule on every /v1 route. A body is JSON (application/json or any
// application/*+json); no body, or an empty one, reads as {}; anything else is 415 and changes nothing.

let t: TestApp;
let token: string;
before(async () => {
  t = await startTestApp('request-bodies');
  token = await t.token();
});
after(() => t.close());

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A raw request: exactly these headers (no content type unless given) and this body, if any. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, t.url);
    const request = http.request(target, { method, headers: { authorization: `Bearer ${token}`, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

const json = { 'content-type': 'application/json' };

async function aCustomer(): Promise<string> {
  const created = await send('POST', '/v1/customers', json, JSON.stringify(personal()));
  assert.equal(created.status, 201);
  return created.body.id as string;
}

async function customerCount(): Promise<number> {
  const listed = await send('GET', '/v1/customers?limit=100', {});
  return (listed.body.data as unknown[]).length;
}

describe('actions whose body is optional take no body', () => {
  test('suspend, deactivate and reactivate answer 200 with no body at all, and with an empty JSON body', async () => {
    const id = await aCustomer();
    const deactivated = await send('POST', `/v1/customers/${id}/deactivate`, {});
    assert.equal(deactivated.status, 200, JSON.stringify(deactivated.body));
    assert.equal(deactivated.body.status, 'deactivated');
    const reactivated = await send('POST', `/v1/customers/${id}/reactivate`, json, '');
    assert.equal(reactivated.status, 200, JSON.stringify(reactivated.body));
    const suspended = await send('POST', `/v1/customers/${id}/suspend`, { 'content-length': '0' });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    assert.equal(suspended.body.status, 'suspended');
  });

  test('reinstate with no body reaches its rule (a tenant may not reinstate), not a body error', async () => {
    const id = await aCustomer();
    assert.equal((await send('POST', `/v1/customers/${id}/suspend`, {})).status, 200);
    const reinstate = await send('POST', `/v1/customers/${id}/reinstate`, {});
    assert.equal(reinstate.status, 403);
    assert.equal(reinstate.body.code, 'Forbidden');
  });

  test("a webhook subscription's rotate-secret and replay take no body", async () => {
    const created = await send('POST', '/v1/webhook-subscriptions', json, JSON.stringify({ url: 'https://hooks.example.com/bodies' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const rotated = await send('POST', `/v1/webhook-subscriptions/${id}/rotate-secret`, {});
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.equal(typeof rotated.body.secret, 'string');
    const replayed = await send('POST', `/v1/webhook-subscriptions/${id}/replay`, json, '');
    assert.equal(replayed.status, 202, JSON.stringify(replayed.body));
    assert.equal(replayed.body.replayed, 0);
  });

  test('a route that needs fields, sent no body, names the fields missing', async () => {
    const answer = await send('POST', '/v1/customers', {});
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, 'ValidationError');
    const pointers = (answer.body.errors as Array<{ pointer: string }>).map((e) => e.pointer);
    assert.ok(pointers.includes('/email'), JSON.stringify(answer.body));
    assert.doesNotMatch(String(answer.body.detail), /must be object/);
  });
});

describe('a body that is not JSON is 415, and nothing changes', () => {
  const body = () => JSON.stringify(personal({ email: uniqueEmail('not-json') }));
  const cases: ReadonlyArray<[string, Record<string, string>, () => string, RegExp]> = [
    ['JSON sent as text/plain', { 'content-type': 'text/plain' }, body, /got Content-Type text\/plain/],
    ['JSON sent without a content type', {}, body, /got a body without a Content-Type/],
    ['an HTML form', { 'content-type': 'application/x-www-form-urlencoded' }, () => 'type=unverified&firstName=Ann&lastName=Lee&email=ann%40example.com', /x-www-form-urlencoded/],
    ['a multipart form on a JSON route', { 'content-type': 'multipart/form-data; boundary=x' }, () => '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.co\r\n--x--\r\n', /multipart\/form-data/],
  ];
  for (const [label, headers, payload, detail] of cases) {
    test(`${label}: 415 UnsupportedMediaType saying what to send`, async () => {
      const before = await customerCount();
      const answer = await send('POST', '/v1/customers', headers, payload());
      assert.equal(answer.status, 415, JSON.stringify(answer.body));
      assert.equal(answer.body.code, 'UnsupportedMediaType');
      assert.match(String(answer.body.detail), /Send the body as JSON with Content-Type: application\/json/);
      assert.match(String(answer.body.detail), detail);
      assert.equal(await customerCount(), before, 'nothing was created');
    });
  }

  test('PATCH with text/plain is 415 and the customer keeps its data', async () => {
    const id = await aCustomer();
    const answer = await send('PATCH', `/v1/customers/${id}`, { 'content-type': 'text/plain' }, JSON.stringify({ phone: '2025550123' }));
    assert.equal(answer.status, 415);
    const read = await send('GET', `/v1/customers/${id}`, {});
    assert.equal(read.body.phone, undefined);
  });

  test('JSON under an application/*+json type is read as JSON', async () => {
    const answer = await send('POST', '/v1/customers', { 'content-type': 'application/vnd.example+json' }, JSON.stringify(personal()));
    assert.equal(answer.status, 201);
  });

  test('the operator token endpoint follows the same rule', async () => {
    const answer = await send('POST', '/v1/operators/token', { 'content-type': 'text/plain' }, JSON.stringify({ username: 'nobody', password: 'x' }));
    assert.equal(answer.status, 415);
    assert.equal(answer.body.code, 'UnsupportedMediaType');
  });
});
