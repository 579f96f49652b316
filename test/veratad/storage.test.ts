import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { goodIdJpeg, goodIdPng } from '../support/images.js';
import { approveByReviewer } from '../support/reviewer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, idFromLink, JOHN, native, storage, uniqueEmail, withCredentials } from './support.js';

// The Veratad DCAMS ID-document storage dialect over raw HTTP: the published sample requests
// (shared seeds 000 and 001) sent as written, made valid JSON, and each documented answer.

let t: TestApp;
let png: string;
let jpeg: string;

before(async () => {
  t = await startTestApp('veratad-storage');
  png = (await goodIdPng()).toString('base64');
  jpeg = (await goodIdJpeg()).toString('base64');
});

after(() => t.close());

/** The create-or-update sample of the seed, with the comma it lacks after "reference". */
const CREATE_SAMPLE = `{
    "user": "USERNAME",
    "pass": "PASSWORD",
    "service": "createOrUpdateCustomer",
    "reference": "888888812",
    "target": {
        "email": "jsmith@veratad.com",
        "fn": "John",
        "ln": "Smith",
        "addr": "123 Main St",
        "city": "Stratford",
        "state": "CT",
        "zip": "06614",
        "dob": "19700101",
        "phone": "2015106000",
        "documents": {
            "front": "base64 encoded image",
            "back": "base64 encoded image"
        }
    }
}`;

const GET_STATUS_SAMPLE = `{
"user": "USERNAME",
"pass": "PASSWORD",
"service": "getStatus",
"target": {
	"email": "test@veratad.com"
	}
}`;

const UPDATE_STATUS_SAMPLE = `{"user": "USERNAME", "pass": "PASSWORD", "service": "updateStatus", "target": {"email": "test@veratad.com", "status": "PASS"}}`;

/** getStatus's documented answer. */
const GET_STATUS_EXAMPLE = `{
    "result": "Success",
    "reference": "888888812",
    "status": "PASS",
    "target": {
        "fn": "John",
        "ln": "Smith",
        "addr": "123 Main St",
        "city": "Stratford",
        "state": "CT",
        "zip": "06614",
        "dob": "19700101",
        "email": "test@veratad.com",
        "phone": "2015106000"
    }
}`;

/** The target of the seeds' answers, for test@veratad.com. */
const SEED_TARGET = JSON.parse(GET_STATUS_EXAMPLE).target as Record<string, string>;

describe('createOrUpdateCustomer', () => {
  test('the sample as written: its placeholder images are refused before any customer is made', async () => {
    const res = await storage(t, withCredentials(t, CREATE_SAMPLE));
    assert.equal(res.status, 400);
    assert.deepEqual(Object.keys(res.body), ['result', 'message']);
    assert.equal(res.body.result, 'Error');
    assert.match(res.body.message, /target\.documents\.front is not a JPEG or PNG image/);
    const status = await storage(t, { ...credentials(t), service: 'getStatus', target: { email: 'jsmith@veratad.com' } });
    assert.equal(status.status, 404);
  });

  test('the sample with real PNG and JPEG images: createCustomer, PENDING, a review case open; again: updateCustomer', async () => {
    const sample = withCredentials(t, CREATE_SAMPLE).replace('"base64 encoded image"', JSON.stringify(png)).replace('"base64 encoded image"', JSON.stringify(jpeg));
    const created = await storage(t, sample);
    assert.equal(created.status, 200, created.text);
    assert.match(created.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(created.body), ['result', 'reference', 'customer_link', 'status', 'type', 'target']);
    assert.equal(created.body.result, 'Success');
    assert.equal(created.body.reference, '888888812');
    assert.equal(created.body.status, 'PENDING');
    assert.equal(created.body.type, 'createCustomer');
    // Every stored attribute, in the example's order, never the images.
    assert.deepEqual(created.body.target, { ...JOHN, email: 'jsmith@veratad.com' });
    assert.deepEqual(Object.keys(created.body.target), ['fn', 'ln', 'addr', 'city', 'state', 'zip', 'dob', 'email', 'phone']);
    const id = idFromLink(created.body.customer_link);
    assert.equal(created.body.customer_link, `${t.verity.config.publicUrl}/console/customers/${id}`);

    const status = await native(t, `/v1/customers/${id}/status`);
    assert.equal(status.body.status, 'document');
    assert.equal(status.body.reviewState, 'awaiting_review');
    assert.equal(status.body.dialects.veratad, 'PENDING');
    const documents = await native(t, `/v1/customers/${id}/documents`);
    assert.deepEqual(documents.body.data.map((d: { side: string; type: string; mediaType: string }) => [d.side, d.type, d.mediaType]).sort(), [
      ['back', 'idCard', 'image/jpeg'],
      ['front', 'idCard', 'image/png'],
    ]);

    // A client repeating its call: the same images are stored already, nothing is refused.
    const again = await storage(t, sample);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.type, 'updateCustomer');
    assert.equal(again.body.status, 'PENDING');
    assert.equal(again.body.customer_link, created.body.customer_link);
    assert.equal((await native(t, `/v1/customers/${id}/documents`)).body.data.length, 2);
  });

  test('without identity attributes: an unverified customer, names optional; a later call updates it', async () => {
    const email = uniqueEmail('bare');
    const created = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target: { email } });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.type, 'createCustomer');
    assert.equal(created.body.status, 'PENDING');
    assert.deepEqual(created.body.target, { email });
    assert.equal(created.body.reference, undefined);
    const id = idFromLink(created.body.customer_link);
    assert.equal((await native(t, `/v1/customers/${id}`)).body.type, 'unverified');

    const updated = await storage(t, {
      ...credentials(t),
      service: 'createOrUpdateCustomer',
      reference: 'crm-42',
      target: { email: email.toUpperCase(), fn: 'Jane', ln: 'Roe', phone: '(201) 510-6000' },
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.type, 'updateCustomer');
    assert.equal(updated.body.reference, 'crm-42');
    assert.deepEqual(updated.body.target, { fn: 'Jane', ln: 'Roe', email, phone: '2015106000' });
    assert.equal(idFromLink(updated.body.customer_link), id);
  });

  test('identity attributes given later turn an unverified customer into one proven by documents', async () => {
    const email = uniqueEmail('upgrade');
    const created = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target: { email, fn: 'John', ln: 'Smith' } });
    assert.equal(created.status, 200, created.text);
    const id = idFromLink(created.body.customer_link);
    const upgraded = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target: { ...JOHN, email, documents: { front: png } } });
    assert.equal(upgraded.status, 200, upgraded.text);
    assert.equal(upgraded.body.type, 'updateCustomer');
    assert.equal(upgraded.body.status, 'PENDING');
    assert.equal(upgraded.body.target.dob, '19700101');
    const status = await native(t, `/v1/customers/${id}/status`);
    assert.equal(status.body.status, 'document');
    assert.equal(status.body.reviewState, 'awaiting_review');
  });

  test('images as data URLs or wrapped in lines are base64 too', async () => {
    const wrapped = (jpeg.match(/.{1,76}/g) ?? []).join('\r\n');
    const res = await storage(t, {
      ...credentials(t),
      service: 'createOrUpdateCustomer',
      target: { ...JOHN, email: uniqueEmail('dataurl'), documents: { front: `data:image/png;base64,${png}`, back: wrapped } },
    });
    assert.equal(res.status, 200, res.text);
    const images = await storage(t, { ...credentials(t), service: 'getDocumentImages', target: { email: res.body.target.email } });
    assert.equal(images.body.target.documents.front, png);
    assert.equal(images.body.target.documents.back, jpeg);
  });
});

describe('getStatus, updateStatus and getDocumentImages with the seeds’ samples', () => {
  let id: string;

  before(async () => {
    const created = await storage(t, {
      ...credentials(t),
      service: 'createOrUpdateCustomer',
      reference: '888888812',
      target: { ...SEED_TARGET, documents: { front: png, back: jpeg } },
    });
    assert.equal(created.status, 200, created.text);
    id = idFromLink(created.body.customer_link);
  });

  test('getStatus: the sample as written answers PENDING while the documents await review', async () => {
    const res = await storage(t, withCredentials(t, GET_STATUS_SAMPLE));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { result: 'Success', reference: '888888812', status: 'PENDING', target: SEED_TARGET });
  });

  test('getDocumentImages: the same bytes that were uploaded, as base64', async () => {
    const res = await storage(t, withCredentials(t, GET_STATUS_SAMPLE.replace('"getStatus"', '"getDocumentImages"')));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body), ['result', 'reference', 'status', 'target']);
    const { documents, ...target } = res.body.target;
    assert.deepEqual(target, SEED_TARGET);
    assert.deepEqual(Buffer.from(documents.front, 'base64'), await goodIdPng());
    assert.deepEqual(Buffer.from(documents.back, 'base64'), await goodIdJpeg());
  });

  test('updateStatus PASS (the sample) while the documents await review: refused, a reviewer decides; then getStatus answers exactly the seed’s example', async () => {
    const refused = await storage(t, withCredentials(t, UPDATE_STATUS_SAMPLE));
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.result, 'Error');
    assert.match(refused.body.message, /A review case is open for this customer/);
    assert.equal((await native(t, `/v1/customers/${id}/status`)).body.status, 'document');

    await approveByReviewer(t, id);
    assert.equal((await native(t, `/v1/customers/${id}/status`)).body.status, 'verified');

    const status = await storage(t, withCredentials(t, GET_STATUS_SAMPLE));
    assert.equal(status.text, JSON.stringify(JSON.parse(GET_STATUS_EXAMPLE)));
    // Asked again, PASS changes nothing.
    const again = await storage(t, withCredentials(t, UPDATE_STATUS_SAMPLE));
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.status, 'PASS');
  });

  test('updateStatus PENDING asks for documents again; FAIL suspends; PENDING after FAIL is refused (409)', async () => {
    const update = (status: string) => storage(t, { ...credentials(t), service: 'updateStatus', target: { email: 'test@veratad.com', status } });
    const pending = await update('PENDING');
    assert.equal(pending.status, 200, pending.text);
    assert.equal(pending.body.status, 'PENDING');
    assert.equal(pending.body.target.status, 'PENDING');
    assert.equal((await native(t, `/v1/customers/${id}/status`)).body.status, 'document');

    const failed = await update('FAIL');
    assert.equal(failed.status, 200, failed.text);
    assert.equal(failed.body.status, 'FAIL');
    assert.equal(failed.body.target.status, 'FAIL');
    assert.equal((await native(t, `/v1/customers/${id}/status`)).body.status, 'suspended');

    const history = await native(t, `/v1/customers/${id}/history`);
    const decisions = history.body.data
      .filter((row: { action: string }) => row.action === 'tenant_attestation')
      .map((row: { reasonCode: string; actor: unknown; after: string }) => [row.reasonCode, row.actor, row.after])
      .sort();
    const byTenant = { kind: 'tenant', id: t.tenant.id };
    assert.deepEqual(decisions, [
      ['reject', byTenant, 'suspended'],
      ['request_documents', byTenant, 'document'],
    ]);

    const refused = await update('PENDING');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.result, 'Error');
    assert.match(refused.body.message, /suspended/);
  });
});
