import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { goodIdJpeg, randomBytesOfSize } from '../support/images.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The rest of the Dwolla dialect over raw HTTP: documents, events, webhook subscriptions,
// webhooks and their retries.

const HAL = 'application/vnd.dwolla.v1.hal+json';

let t: TestApp;
let token: string;
let receiver: Receiver;

before(async () => {
  t = await startTestApp('dwolla-rest');
  token = await t.token();
  receiver = await startReceiver();
});

after(async () => {
  await receiver.close();
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Dwolla's bodies, read field by field
type Body = Record<string, any>;

async function dwolla(method: string, path: string, body?: unknown) {
  const response = await fetch(path.startsWith('http') ? path : `${t.url}${path}`, {
    method,
    headers: { accept: HAL, authorization: `Bearer ${token}`, ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: body instanceof FormData ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : undefined) as Body };
}

let n = 0;
async function customer(firstName: string): Promise<string> {
  const res = await dwolla('POST', '/customers', {
    firstName,
    lastName: 'Doc',
    email: `${firstName}.${Date.now()}.${++n}@nomail.net`,
    type: 'personal',
    address1: '99-99 33rd St',
    city: 'Some City',
    state: 'NY',
    postalCode: '11101',
    dateOfBirth: '1970-01-01',
    ssn: '1234',
  });
  assert.equal(res.status, 201, res.text);
  return (res.headers.get('location') as string).split('/').pop() as string;
}

function upload(customerId: string, bytes: Buffer, fileName = 'license.jpg', documentType = 'license') {
  const form = new FormData();
  form.append('documentType', documentType);
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), fileName);
  return dwolla('POST', `/customers/${customerId}/documents`, form);
}

/** Every file in the blob store (documents and any temp file), by path. */
function blobFiles(): string[] {
  const root = path.join(t.db.dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => path.join(root, f)).filter((f) => fs.statSync(f).isFile()).sort();
}

/** Dwolla's Node example (seed 002, "Using dwolla-v2"): `file` appended first, `documentType` after it. */
function fileFirst(bytes: Buffer, documentType?: string, fileName = 'mclovin.jpg'): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), fileName);
  if (documentType !== undefined) form.append('documentType', documentType);
  return form;
}

describe('documents', () => {
  test('Dwolla’s own example order, the file before documentType, is stored encrypted and read back whole', async () => {
    const id = await customer('document');
    const image = await sharp(await goodIdJpeg()).jpeg({ quality: 66 }).toBuffer();
    const res = await dwolla('POST', `/customers/${id}/documents`, fileFirst(image, 'license'));
    assert.equal(res.status, 201, res.text);
    const location = res.headers.get('location') as string;
    const doc = await dwolla('GET', location);
    assert.deepEqual([doc.body.type, doc.body.status, doc.body.documentVerificationStatus], ['license', 'pending', 'pending']);
    const file = await fetch(`${t.url}/v1/documents/${doc.body.id}/file`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), image);
    const middle = image.subarray(image.length / 2, image.length / 2 + 48);
    for (const blob of blobFiles()) assert.ok(!fs.readFileSync(blob).includes(middle), `${blob} holds the image in plaintext`);
    assert.equal((await dwolla('GET', `/customers/${id}/documents`)).body.total, 1);
  });

  test('a file sent first whose form is refused leaves no file behind and records nothing', async () => {
    const id = await customer('document');
    const image = await sharp(await goodIdJpeg()).jpeg({ quality: 67 }).toBuffer();
    assert.equal((await dwolla('POST', `/customers/${id}/documents`, fileFirst(image, 'license'))).status, 201);
    const before = blobFiles();
    assert.equal(before.length > 0, true);

    const untyped = await dwolla('POST', `/customers/${id}/documents`, fileFirst(await sharp(image).jpeg({ quality: 68 }).toBuffer()));
    assert.deepEqual([untyped.status, untyped.body.code, untyped.body._embedded?.errors?.[0]?.path], [400, 'ValidationError', '/documentType'], untyped.text);
    assert.deepEqual(blobFiles(), before, 'a form that ends without a documentType leaves no file');

    const selfie = await dwolla('POST', `/customers/${id}/documents`, fileFirst(await sharp(image).jpeg({ quality: 69 }).toBuffer(), 'selfie'));
    assert.deepEqual([selfie.status, selfie.body._embedded?.errors?.[0]?.path], [400, '/documentType'], selfie.text);
    const text = await dwolla('POST', `/customers/${id}/documents`, fileFirst(Buffer.from('just some text, not an image'), 'license', 'notes.txt'));
    assert.deepEqual([text.status, text.body.code], [400, 'invalidFileType']);
    const duplicate = await dwolla('POST', `/customers/${id}/documents`, fileFirst(image, 'license'));
    assert.deepEqual([duplicate.status, duplicate.body.code], [400, 'DuplicateResource']);
    const big = await dwolla('POST', `/customers/${id}/documents`, fileFirst(randomBytesOfSize(10 * 1024 * 1024 + 10), 'license'));
    assert.deepEqual([big.status, big.body.code], [413, 'fileTooLarge']);
    const nobody = await dwolla('POST', '/customers/00000000-0000-7000-8000-000000000000/documents', fileFirst(image, 'license'));
    assert.deepEqual([nobody.status, nobody.body.code], [404, 'notFound']);
    const verified = await dwolla('POST', `/customers/${await customer('verified')}/documents`, fileFirst(image, 'license'));
    assert.deepEqual([verified.status, verified.body.code], [403, 'invalidResourceState']);

    // A form cut off after its file part, before documentType and the closing boundary.
    const boundary = 'verity-cut-form';
    const cut = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mclovin.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      await sharp(image).jpeg({ quality: 64 }).toBuffer(),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nlic`),
    ]);
    const response = await fetch(`${t.url}/customers/${id}/documents`, {
      method: 'POST',
      headers: { accept: HAL, authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: cut,
    });
    assert.equal(response.status, 400, await response.text());

    assert.deepEqual(blobFiles(), before, 'no refused form leaves a file');
    assert.equal((await dwolla('GET', `/customers/${id}/documents`)).body.total, 1, 'nothing was recorded');
  });

  test('upload answers 201 with the document’s Location; retrieve and list show Dwolla’s fields', async () => {
    const id = await customer('document');
    const res = await upload(id, await goodIdJpeg());
    assert.equal(res.status, 201, res.text);
    assert.equal(res.text, '');
    const location = res.headers.get('location') as string;
    assert.match(location, new RegExp(`^${t.url}/documents/[0-9a-f-]{36}$`));
    const doc = await dwolla('GET', location);
    assert.equal(doc.status, 200);
    assert.match(doc.headers.get('content-type') ?? '', /vnd\.dwolla\.v1\.hal\+json/);
    assert.deepEqual([doc.body.type, doc.body.status, doc.body.documentVerificationStatus], ['license', 'pending', 'pending']);
    assert.equal(doc.body._links.self.href, location);
    assert.match(doc.body.created, /Z$/);
    assert.equal(doc.body.failureReason, undefined);
    const list = await dwolla('GET', `/customers/${id}/documents`);
    assert.equal(list.body.total, 1);
    assert.equal(list.body._embedded.documents[0].id, doc.body.id);
  });

  test('the guide’s upload (passport, PNG) and, with Dwolla’s failing test image name, its rejected-document shape', async () => {
    const { goodIdPng } = await import('../support/images.js');
    const id = await customer('document');
    const form = new FormData();
    form.append('documentType', 'passport');
    form.append('file', new Blob([await goodIdPng()], { type: 'image/png' }), 'foo.png');
    const res = await dwolla('POST', `/customers/${id}/documents`, form);
    assert.equal(res.status, 201, res.text);
    assert.match(res.headers.get('location') ?? '', /\/documents\/[0-9a-f-]{36}$/);

    const failing = await upload(id, await sharp(await goodIdJpeg()).jpeg({ quality: 77 }).toBuffer(), 'test-document-upload-fail.png');
    assert.equal(failing.status, 201, failing.text);
    const rejected = await dwolla('GET', failing.headers.get('location') as string);
    assert.deepEqual([rejected.body.status, rejected.body.documentVerificationStatus, rejected.body.failureReason], ['reviewed', 'rejected', 'ScanNotReadable']);
    assert.deepEqual(Object.keys(rejected.body.allFailureReasons[0]).sort(), ['description', 'reason']);
  });

  test('refusals carry Dwolla’s codes: file type, duplicate, count, state, size, unknown customer', async () => {
    const id = await customer('document');
    const bad = await upload(id, Buffer.from('just some text, not an image'), 'notes.txt');
    assert.deepEqual([bad.status, bad.body.code], [400, 'invalidFileType']);
    const image = await goodIdJpeg();
    const first = await upload(id, image);
    const duplicate = await upload(id, image);
    assert.deepEqual([duplicate.status, duplicate.body.code], [400, 'DuplicateResource']);
    assert.equal(duplicate.body._links.about.href, first.headers.get('location'));
    for (let quality = 70; quality < 73; quality++) {
      assert.equal((await upload(id, await sharp(image).jpeg({ quality }).toBuffer())).status, 201);
    }
    const fifth = await upload(id, await sharp(image).jpeg({ quality: 80 }).toBuffer());
    assert.deepEqual([fifth.status, fifth.body.code], [400, 'maximumNumberOfResources']);
    const verified = await customer('verified');
    const state = await upload(verified, image);
    assert.deepEqual([state.status, state.body.code], [403, 'invalidResourceState']);
    const big = await upload(await customer('document'), randomBytesOfSize(10 * 1024 * 1024 + 10));
    assert.deepEqual([big.status, big.body.code], [413, 'fileTooLarge']);
    const nobody = await upload('00000000-0000-7000-8000-000000000000', image);
    assert.deepEqual([nobody.status, nobody.body.code], [404, 'notFound']);
    assert.equal((await dwolla('GET', '/documents/00000000-0000-7000-8000-000000000000')).status, 404);
  });
});

describe('events, webhook subscriptions and webhooks', () => {
  test('a subscription gets signed events with the dialect’s links; webhooks, attempts and retries are listed', async () => {
    const secret = 'sshhhhhh';
    assert.equal((await dwolla('POST', '/webhook-subscriptions', { url: receiver.url })).status, 400, 'Dwolla requires the secret');
    const created = await dwolla('POST', '/webhook-subscriptions', { url: receiver.url, secret });
    assert.equal(created.status, 201);
    assert.equal(created.text, '');
    const subscriptionUrl = created.headers.get('location') as string;
    const subscription = await dwolla('GET', subscriptionUrl);
    assert.deepEqual([subscription.body.url, subscription.body.paused], [receiver.url, false]);
    assert.match(subscription.body.created, /Z$/);
    const listed = await dwolla('GET', '/webhook-subscriptions');
    assert.equal(listed.body.total, 1);
    assert.equal(listed.body._embedded['webhook-subscriptions'][0].id, subscription.body.id);

    const before = receiver.received.length;
    const id = await customer('verified');
    await t.verity.dispatcher.drain();
    const got = receiver.received.slice(before);
    assert.equal(got.length, 2);
    for (const request of got) {
      assert.equal(createHmac('sha256', secret).update(request.body).digest('hex'), request.headers['x-request-signature-sha-256']);
      const payload = JSON.parse(request.body) as Body;
      assert.equal(payload._links.resource.href, `${t.url}/customers/${id}`);
      assert.equal(payload._links.self.href, `${t.url}/events/${payload.id}`);
      assert.equal(payload._links.account.href, `${t.url}/accounts/${t.tenant.id}`);
    }

    const events = await dwolla('GET', '/events?limit=1');
    assert.ok(events.body.total >= 2);
    assert.equal(events.body._embedded.events.length, 1);
    assert.ok(events.body._links.next);
    const event = await dwolla('GET', events.body._embedded.events[0]._links.self.href);
    assert.deepEqual(Object.keys(event.body).sort(), ['_links', 'created', 'id', 'resourceId', 'topic']);

    const webhooks = await dwolla('GET', `${subscriptionUrl}/webhooks`);
    assert.equal(webhooks.status, 200);
    assert.equal(webhooks.body.total, 2);
    const hook = webhooks.body._embedded.webhooks[0];
    assert.equal(hook.subscriptionId, subscription.body.id);
    assert.equal(hook.attempts.length, 1);
    assert.equal(hook.attempts[0].response.statusCode, 200);
    assert.ok(hook.attempts[0].request.headers.some((h: { name: string }) => h.name === 'x-request-signature-sha-256'));
    const one = await dwolla('GET', hook._links.self.href);
    assert.equal(one.body.id, hook.id);

    const retry = await dwolla('POST', `${hook._links.self.href}/retries`);
    assert.equal(retry.status, 201);
    await t.verity.dispatcher.drain();
    const retries = await dwolla('GET', `${hook._links.self.href}/retries`);
    assert.equal(retries.body.total, 1);

    const paused = await dwolla('POST', subscriptionUrl, { paused: true });
    assert.deepEqual([paused.status, paused.body.paused], [200, true]);
    assert.equal((await dwolla('POST', subscriptionUrl, { paused: 'yes' })).status, 400);
    const deleted = await dwolla('DELETE', subscriptionUrl);
    assert.deepEqual([deleted.status, deleted.body.id], [200, subscription.body.id]);
    assert.equal((await dwolla('GET', subscriptionUrl)).status, 404);
  });

  test('a subscription to a metadata address is refused with a validation error on /url', async () => {
    const before = (await dwolla('GET', '/webhook-subscriptions')).body.total;
    const res = await dwolla('POST', '/webhook-subscriptions', { url: 'http://169.254.169.254/latest/meta-data', secret: 'sshhhhhh' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'ValidationError');
    assert.deepEqual(
      res.body._embedded.errors.map((e: Body) => [e.path, e.code]),
      [['/url', 'NotAllowed']],
    );
    assert.match(res.body._embedded.errors[0].message, /metadata/);
    assert.equal((await dwolla('GET', '/webhook-subscriptions')).body.total, before);
  });

  test('a non-2xx answer is listed with its status and headers, not its body', async () => {
    const created = await dwolla('POST', '/webhook-subscriptions', { url: receiver.url, secret: 'sshhhhhh' });
    const subscriptionUrl = created.headers.get('location') as string;
    receiver.respond({ status: 500, headers: { 'x-service': 'admin' }, body: 'db_password=hunter2' });
    try {
      await customer('unverified');
      await t.verity.dispatcher.drain();
      const webhooks = await dwolla('GET', `${subscriptionUrl}/webhooks`);
      const [attempt] = webhooks.body._embedded.webhooks[0].attempts;
      assert.equal(attempt.response.statusCode, 500);
      assert.ok(attempt.response.headers.some((h: Body) => h.name === 'x-service' && h.value === 'admin'));
      assert.equal(attempt.response.body, '');
      assert.ok(!webhooks.text.includes('hunter2'));
    } finally {
      receiver.respond({ status: 200, body: 'ok' });
      await dwolla('DELETE', subscriptionUrl);
    }
  });
});
