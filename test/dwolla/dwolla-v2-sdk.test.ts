import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Dwolla's own Node SDK (dwolla-v2), unchanged, pointed at Verity.

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('dwolla-v2') as { Client: new (options: Record<string, unknown>) => DwollaClient };

interface DwollaResponse {
  status: number;
  headers: { get(name: string): string | null };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read as loosely as the SDK's users do
  body: Record<string, any>;
}
interface DwollaClient {
  apiUrl: string;
  tokenUrl: string;
  get(url: string, query?: Record<string, unknown>): Promise<DwollaResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<DwollaResponse>;
}

let t: TestApp;
let dwolla: DwollaClient;

before(async () => {
  t = await startTestApp('dwolla-v2-sdk');
  dwolla = new Client({ key: t.tenant.key, secret: t.tenant.secret, environment: 'sandbox' });
  dwolla.apiUrl = t.url;
  dwolla.tokenUrl = `${t.url}/token`;
});

after(() => t.close());

const customer = (firstName: string) => ({
  firstName,
  lastName: 'Sdk',
  email: `${firstName}.${Date.now()}.${Math.random()}@nomail.net`,
  type: 'personal',
  address1: '99-99 33rd St',
  city: 'Some City',
  state: 'NY',
  postalCode: '11101',
  dateOfBirth: '1970-01-01',
  ssn: '1234',
});

test('dwolla-v2: token, create in each sandbox status, retry to verified, list and search', async () => {
  const locations: Record<string, string> = {};
  for (const status of ['verified', 'retry', 'document', 'suspended']) {
    const created = await dwolla.post('customers', customer(status), { 'Idempotency-Key': `sdk-${status}-${Date.now()}` });
    assert.equal(created.status, 201);
    locations[status] = created.headers.get('location') as string;
    const got = await dwolla.get(locations[status] as string);
    assert.equal(got.body.status, status);
  }
  const retried = await dwolla.post(locations.retry as string, { ...customer('Johnny'), ssn: '202-99-1516' });
  assert.equal(retried.status, 200);
  assert.equal(retried.body.status, 'verified');

  const listed = await dwolla.get('customers', { search: 'Sdk', status: ['document', 'suspended'], limit: 10 });
  assert.equal(listed.status, 200);
  const statuses = listed.body._embedded.customers.map((c: { status: string }) => c.status);
  assert.ok(statuses.length >= 2 && statuses.every((s: string) => s === 'document' || s === 'suspended'), statuses.join());
});

test('dwolla-v2: errors reject with the status and Dwolla’s error body', async () => {
  const body = customer('verified');
  await dwolla.post('customers', body);
  await assert.rejects(dwolla.post('customers', body), (error: { status: number; body: unknown; message: string }) => {
    assert.equal(error.status, 400);
    // The SDK parses the JSON body; its message is the body text.
    assert.equal(JSON.parse(error.message).code, 'ValidationError');
    const parsed = error.body as { code: string; _embedded: { errors: Array<{ code: string; path: string }> } };
    assert.equal(parsed.code, 'ValidationError');
    assert.deepEqual([parsed._embedded.errors[0]?.code, parsed._embedded.errors[0]?.path], ['Duplicate', '/email']);
    return true;
  });
  await assert.rejects(dwolla.get('customers/00000000-0000-7000-8000-000000000000'), (error: { status: number }) => error.status === 404);
});

test('dwolla-v2: upload a document with form-data; subscribe, receive signed events, list webhooks and retry one', async () => {
  const { createHmac } = await import('node:crypto');
  const { goodIdJpeg } = await import('../support/images.js');
  const { startReceiver } = await import('../support/receiver.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const FormData = require('form-data') as new () => { append(name: string, value: unknown, options?: Record<string, unknown>): void };
  const receiver = await startReceiver();
  try {
    const secret = 'a-shared-secret';
    const subscribed = await dwolla.post('webhook-subscriptions', { url: receiver.url, secret });
    const subscriptionUrl = subscribed.headers.get('location') as string;

    const created = await dwolla.post('customers', customer('document'));
    const customerUrl = created.headers.get('location') as string;
    const image = await goodIdJpeg();
    const form = new FormData();
    form.append('documentType', 'license');
    form.append('file', image, { filename: 'license.jpg', contentType: 'image/jpeg', knownLength: image.length });
    const uploaded = await dwolla.post(`${customerUrl}/documents`, form);
    assert.equal(uploaded.status, 201);
    const document = await dwolla.get(uploaded.headers.get('location') as string);
    assert.equal(document.body.documentVerificationStatus, 'pending');

    await t.verity.dispatcher.drain();
    assert.ok(receiver.received.length >= 3, `${receiver.received.length} webhooks`);
    for (const request of receiver.received) {
      assert.equal(createHmac('sha256', secret).update(request.body).digest('hex'), request.headers['x-request-signature-sha-256']);
    }
    const topics = receiver.received.map((r) => r.headers['x-dwolla-topic']);
    for (const topic of ['customer_created', 'customer_verification_document_needed', 'customer_verification_document_uploaded']) assert.ok(topics.includes(topic), topic);

    const webhooks = await dwolla.get(`${subscriptionUrl}/webhooks`);
    assert.ok(webhooks.body.total >= 3);
    const hook = webhooks.body._embedded.webhooks[0];
    const retried = await dwolla.post(hook._links.retry.href);
    assert.equal(retried.status, 201);
    const before = receiver.received.length;
    await t.verity.dispatcher.drain();
    assert.equal(receiver.received.length, before + 1);
  } finally {
    await receiver.close();
  }
});

test('dwolla-v2 in production mode without an identity-data provider: a verified personal customer asks for documents, as Dwolla does when its vendor cannot verify', async () => {
  const { randomBytes } = await import('node:crypto');
  const production = await startTestApp('dwolla-v2-sdk-production', { VERITY_MODE: 'production', VERITY_MASTER_KEY: randomBytes(32).toString('base64') });
  try {
    const client = new Client({ key: production.tenant.key, secret: production.tenant.secret, environment: 'sandbox' });
    client.apiUrl = production.url;
    client.tokenUrl = `${production.url}/token`;
    // A magic first name means nothing in production: the identity is screened, then proven on documents.
    const created = await client.post('customers', { ...customer('verified'), ssn: '234561789' }, { 'Idempotency-Key': `sdk-production-${Date.now()}` });
    assert.equal(created.status, 201);
    const got = await client.get(created.headers.get('location') as string);
    assert.equal(got.body.status, 'document');
    assert.equal(got.body._links['verify-with-document'].href, `${created.headers.get('location')}/documents`);
    assert.equal(got.body._links.send, undefined);
  } finally {
    await production.close();
  }
});
