import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Dwolla } from 'dwolla';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Dwolla's TypeScript SDK (`dwolla`), unchanged, pointed at Verity. It validates every answer
// strictly (required fields, closed enums, timestamps with an offset, the media type), so a
// passing call means the answer has Dwolla's exact shape.

let t: TestApp;
let dwolla: Dwolla;

before(async () => {
  t = await startTestApp('dwolla-ts-sdk');
  dwolla = new Dwolla({ serverURL: t.url, security: { clientID: t.tenant.key, clientSecret: t.tenant.secret } });
});

after(() => t.close());

let n = 0;
const personal = (firstName: string) => ({
  firstName,
  lastName: 'Typed',
  email: `${firstName}.${Date.now()}.${++n}@nomail.net`,
  type: 'personal' as const,
  address1: '99-99 33rd St',
  city: 'Some City',
  state: 'NY',
  postalCode: '11101',
  dateOfBirth: '1970-01-01',
  ssn: '1234',
});

const idFrom = (location: string | undefined) => (location ?? '').split('/').pop() as string;

test('dwolla (TS): root, create in each sandbox status, get, list, retry to verified', async () => {
  const root = await dwolla.root.get();
  assert.ok(root.links?.customers);
  assert.deepEqual(await dwolla.sandboxSimulations.simulate({}), {});
  const ids: Record<string, string> = {};
  for (const status of ['verified', 'retry', 'document', 'suspended']) {
    const created = await dwolla.customers.create(personal(status));
    ids[status] = idFrom(created?.headers.location?.[0]);
    const got = await dwolla.customers.get({ id: ids[status] as string });
    assert.equal(got.status, status);
  }
  const unverified = await dwolla.customers.create({ firstName: 'Una', lastName: 'Typed', email: `una.${Date.now()}@nomail.net`, type: 'unverified' });
  assert.equal((await dwolla.customers.get({ id: idFrom(unverified?.headers.location?.[0]) })).status, 'unverified');

  const retried = await dwolla.customers.update({ id: ids.retry as string, requestBody: { ...personal('Johnny'), ssn: '202-99-1516' } });
  assert.equal((retried as { status?: string }).status, 'verified');

  const list = await dwolla.customers.list({ search: 'Typed', limit: 50 });
  assert.ok((list.embedded?.customers?.length ?? 0) >= 5);
  assert.ok((list.total ?? 0) >= 5);
});

test('dwolla (TS): documents, events and a webhook subscription', async () => {
  const created = await dwolla.customers.create(personal('document'));
  const id = idFrom(created?.headers.location?.[0]);
  const image = await goodIdJpeg();
  const uploaded = await dwolla.customers.documents.create({
    id,
    requestBody: { documentType: 'license', file: { fileName: 'license.jpg', content: new Uint8Array(image) } },
  });
  const documentId = idFrom(uploaded?.headers.location?.[0]);
  const doc = await dwolla.documents.get({ id: documentId });
  assert.equal(doc.documentVerificationStatus, 'pending');
  const docs = await dwolla.customers.documents.list({ id });
  assert.equal(docs.total, 1);

  const events = await dwolla.events.list({ limit: 5 });
  assert.ok((events.embedded?.events?.length ?? 0) > 0);
  const first = events.embedded?.events?.[0];
  assert.ok(first?.id);
  await dwolla.events.get({ id: first.id as string });

  const subscription = await dwolla.webhookSubscriptions.create({ url: 'http://127.0.0.1:9/hooks', secret: 'sshhhhhh' });
  const subscriptionId = idFrom(subscription?.headers.location?.[0]);
  const fetched = await dwolla.webhookSubscriptions.get({ id: subscriptionId });
  assert.equal(fetched.paused, false);
  const all = await dwolla.webhookSubscriptions.list();
  assert.ok((all.total ?? 0) >= 1);
  await dwolla.webhookSubscriptions.delete({ id: subscriptionId });
});

test('dwolla (TS): errors arrive as the SDK’s typed errors', async () => {
  const body = personal('verified');
  await dwolla.customers.create(body);
  await assert.rejects(dwolla.customers.create(body), (error: Error & { statusCode?: number; code?: string }) => {
    assert.equal(error.statusCode ?? (error as { httpMeta?: { response?: { status?: number } } }).httpMeta?.response?.status, 400);
    assert.notEqual(error.name, 'APIError', `a typed error, not a generic one: ${error.name}`);
    return true;
  });
  await assert.rejects(dwolla.customers.get({ id: '00000000-0000-7000-8000-000000000000' }), (error: Error) => {
    assert.notEqual(error.name, 'APIError', `a typed error, not a generic one: ${error.name}`);
    return true;
  });
});

test('dwolla (TS): business customers, with a controller and sole proprietorships, read back strictly', async () => {
  const { business } = await import('../support/api.js');
  const withController = await dwolla.customers.create(business() as never);
  const llc = await dwolla.customers.get({ id: idFrom(withController?.headers.location?.[0]) });
  assert.equal(llc.type, 'business');
  assert.equal((llc as { controller?: { firstName: string } }).controller?.firstName, 'John');
  const { controller: _omitted, ein: _ein, ...rest } = business({ businessType: 'soleProprietorship', dateOfBirth: '1980-01-31', ssn: '6789' });
  void _omitted;
  void _ein;
  const soleProp = await dwolla.customers.create(rest as never);
  // The SDK's get() has no sole-proprietorship variant (see providers.md §1.6), its list does.
  const list = await dwolla.customers.list({ search: String(rest.email) });
  assert.equal(list.embedded?.customers?.[0]?.id, idFrom(soleProp?.headers.location?.[0]));
});
