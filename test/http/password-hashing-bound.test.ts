import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { apiClient, personal } from '../support/api.js';
import { consoleClient } from '../support/console-client.js';
import { goodIdJpeg } from '../support/images.js';
import { basicAuth, startTestApp, type TestApp } from '../support/test-app.js';

// Every failed credential check runs a slow, memory-hard hash on libuv's thread pool, which file
// I/O (the blob store) and DNS share. Only a few hashes run at once; beyond a short queue a check
// is refused at once with 503 and Retry-After, in the caller's dialect, and blob reads stay quick.

let t: TestApp;
let documentId: string;
let token: string;
before(async () => {
  // Rate limits off: the storm comes from one address and many keys, and must reach the hashing.
  t = await startTestApp('password-hashing-bound', { VERITY_TOKEN_RATE_LIMIT_PER_IP: '0', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '0' });
  token = await t.token();
  const api = apiClient(t, token);
  const customer = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'document' }));
  const form = new FormData();
  form.append('documentType', 'license');
  form.append('file', new Blob([await goodIdJpeg()], { type: 'image/jpeg' }), 'licence.jpg');
  const uploaded = await fetch(`${t.url}/v1/customers/${customer.body.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  assert.equal(uploaded.status, 201);
  documentId = ((await uploaded.json()) as { id: string }).id;
});
after(() => t.close());

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

async function answer(response: Promise<Response>): Promise<Answer> {
  const r = await response;
  return { status: r.status, headers: r.headers, text: await r.text() };
}

const badToken = (i: number) =>
  answer(fetch(`${t.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(`vk_storm${i}`, 'wrong') }, body: 'grant_type=client_credentials' }));

/** The busy answers among `answers` (at least one), after checking every other one is `refusedStatus`. */
function busyAmong(answers: Answer[], refusedStatus: number): Answer[] {
  for (const a of answers) assert.ok(a.status === refusedStatus || a.status === 503, `status ${a.status}`);
  const busy = answers.filter((a) => a.status === 503);
  assert.ok(busy.length > 0, 'some checks were refused as busy');
  for (const a of busy) assert.match(a.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  return busy;
}

describe('bounded password hashing', () => {
  test('a document download stays under a second while 100 bad logins run at once', async () => {
    const download = async () => {
      const response = await fetch(`${t.url}/v1/documents/${documentId}/file`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      return (await response.arrayBuffer()).byteLength;
    };
    await download();
    const storm = Array.from({ length: 100 }, (_, i) => badToken(i));
    await sleep(100);
    const started = performance.now();
    assert.ok((await download()) > 0);
    const elapsed = performance.now() - started;
    const answers = await Promise.all(storm);
    assert.ok(elapsed < 1000, `the download took ${Math.round(elapsed)} ms`);
    const busy = busyAmong(answers, 401);
    assert.equal(JSON.parse(busy[0]!.text).error, 'temporarily_unavailable');
  });

  test('POST /v1/operators/token answers a busy check as a problem', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        answer(fetch(`${t.url}/v1/operators/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `storm.${i}`, password: 'wrong' }) })),
      ),
    );
    const [busy] = busyAmong(answers, 401);
    assert.match(busy!.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(JSON.parse(busy!.text).code, 'ServiceUnavailable');
  });

  test('Veratad answers a busy check in its own shape', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        answer(
          fetch(`${t.url}/v3/stable/api/storage`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: `vk_veratad${i}`, pass: 'wrong', service: 'getStatus', target: { email: 'nobody@veratad-test.com' } }),
          }),
        ),
      ),
    );
    const [busy] = busyAmong(answers, 401);
    const body = JSON.parse(busy!.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['result', 'message']);
    assert.equal(body.result, 'Error');
  });

  test('Delos login answers a busy check in its own shape', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        answer(fetch(`${t.url}/v2/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: `vk_delos${i}`, password: 'wrong' }) })),
      ),
    );
    const [busy] = busyAmong(answers, 401);
    const body = JSON.parse(busy!.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['error']);
  });

  test('console sign-in answers a busy check with the sign-in page', async () => {
    const browsers = Array.from({ length: 16 }, () => consoleClient(t));
    for (const browser of browsers) await browser.get('/console/sign-in');
    const answers = await Promise.all(browsers.map((browser, i) => browser.post('/console/sign-in', { username: `storm.console.${i}`, password: 'wrong' })));
    const busy = busyAmong(
      answers.map((a) => ({ status: a.status, headers: a.headers, text: a.text })),
      401,
    );
    assert.match(busy[0]!.text, /name="password"/);
    assert.match(busy[0]!.text, /Too many sign-ins are being checked/);
  });
});
