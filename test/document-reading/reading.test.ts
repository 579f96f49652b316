import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listEventsForResource } from '../../src/store/events-repository.js';
import { syntheticDocument } from '../../bench/lib/synthetic-documents.mjs';
import { syntheticLicenceBack } from '../../bench/lib/synthetic-licence.mjs';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { requireOcrFont } from '../support/ocr-font.js';

// Real documents, really read: synthetic passports in the OCR-B font, generated here, read by
// Tesseract through the worker's queue. Fictional people throughout.

interface Extraction {
  status: string;
  engine: string;
  mrz: { valid: boolean; lines: string[]; fields: Record<string, string | null> } | null;
  barcode: { fields: Record<string, string | null> } | null;
  comparisons: Array<{ field: string; result: string; documentValue?: string }>;
  suggestedReasons: string[];
  signals: Array<{ code: string; documentIds?: string[]; customerIds?: string[] }>;
}
interface DocumentBody {
  id: string;
  status: string;
  outcome?: string;
  failureReason?: string;
  extraction: Extraction;
}

const skip = requireOcrFont();

let t: TestApp;
let api: ApiClient;
before(async () => {
  if (skip) return;
  t = await startTestApp('document-reading');
  api = apiClient(t, await t.token());
});
after(async () => {
  if (!skip) await t.close();
});

let seed = 100;
/** A passport of these fields, rendered clean (each a new picture, so never the same file twice). */
async function passport(fields: { surname: string; givenNames: string; dateOfBirth: string; expirationDate?: string; documentNumber?: string }): Promise<Buffer> {
  seed += 1;
  return syntheticDocument({
    format: 'TD3',
    condition: 'clean',
    seed,
    fields: {
      documentCode: 'P',
      issuingState: 'NLD',
      nationality: 'NLD',
      sex: 'F',
      documentNumber: fields.documentNumber ?? `X${String(seed).padStart(7, '0')}4`,
      expirationDate: fields.expirationDate ?? '2032-06-30',
      surname: fields.surname,
      givenNames: fields.givenNames,
      dateOfBirth: fields.dateOfBirth,
    },
  });
}

/** A customer awaiting documents (the sandbox's magic first name "document"). */
async function customer(lastName: string, dateOfBirth = '1980-05-17'): Promise<string> {
  const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ firstName: 'document', lastName, dateOfBirth }));
  assert.equal(created.body.status, 'document', JSON.stringify(created.body));
  return created.body.id;
}

async function upload(customerId: string, image: Buffer, documentType = 'passport', side?: 'front' | 'back'): Promise<DocumentBody> {
  const res = await api.post<DocumentBody>(`/v1/customers/${customerId}/documents`, { documentType, ...(side && { side }), image: image.toString('base64') });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function read(documentId: string): Promise<DocumentBody> {
  await t.verity.documentReading.drain();
  const res = await api.get<DocumentBody>(`/v1/documents/${documentId}`);
  assert.equal(res.status, 200);
  return res.body;
}

const resultOf = (extraction: Extraction, field: string) => extraction.comparisons.find((c) => c.field === field)?.result;

describe('reading documents', { skip }, () => {
  test('a matching passport: read in the background, every comparison matches, the event goes out, numbers masked for the tenant', async () => {
    const id = await customer('Eriksson');
    const uploaded = await upload(id, await passport({ surname: 'Eriksson', givenNames: 'Document', dateOfBirth: '1980-05-17' }));
    assert.equal(uploaded.extraction.status, 'pending', 'reading is off the request path');
    const document = await read(uploaded.id);
    const { extraction } = document;
    assert.equal(extraction.status, 'done', JSON.stringify(extraction));
    assert.match(extraction.engine, /tesseract\.js/);
    assert.equal(extraction.mrz?.valid, true);
    assert.deepEqual(extraction.mrz?.lines, [], 'the raw zone is for operators');
    assert.match(extraction.mrz?.fields.documentNumber ?? '', /^•+\d{2}4$/);
    assert.match(extraction.mrz?.fields.dateOfBirth ?? '', /^1980-••-••$/);
    for (const field of ['name', 'dateOfBirth', 'expiration', 'documentType']) assert.equal(resultOf(extraction, field), 'match', `${field}: ${JSON.stringify(extraction.comparisons)}`);
    assert.deepEqual(extraction.suggestedReasons, []);
    assert.equal(document.status, 'pending', 'a reviewer still decides');
    const topics = (await listEventsForResource(t.verity.store.db, uploaded.id)).map((e) => e.topic);
    assert.ok(topics.includes('customer_verification_document_read'), topics.join());
  });

  test('another date of birth suggests ScanDobMismatch, shown and one click away on the case page', async () => {
    const id = await customer('Lindqvist', '1980-05-17');
    const uploaded = await upload(id, await passport({ surname: 'Lindqvist', givenNames: 'Document', dateOfBirth: '1975-11-02' }));
    const { extraction } = await read(uploaded.id);
    assert.equal(resultOf(extraction, 'dateOfBirth'), 'mismatch', JSON.stringify(extraction.comparisons));
    assert.equal(resultOf(extraction, 'name'), 'match');
    assert.deepEqual(extraction.suggestedReasons, ['ScanDobMismatch']);

    const { client } = await signedInOperator(t, 'reviewer', 'rita');
    const caseId = (await t.verity.reviews.list({ limit: 200 })).find((c) => c.customerId === id)?.id;
    assert.ok(caseId);
    const claimed = await client.post(`/console/cases/${caseId}/claim`, {});
    assert.equal(claimed.status, 303);
    const page = await client.get(`/console/cases/${caseId}`);
    assert.match(page.text, /comparison-mismatch/);
    assert.match(page.text, /1975-11-02/, 'the operator sees the date read');
    assert.match(page.text, /Reject: ScanDobMismatch \(as the reading suggests\)/);
    const rejected = await client.post(`/console/cases/${caseId}/documents/${uploaded.id}/decision`, { decision: 'reject', reasons: ['ScanDobMismatch'], comment: "Confirmed the reading's suggestion." });
    assert.equal(rejected.status, 303, rejected.text.slice(0, 300));
    const after = await api.get<DocumentBody>(`/v1/documents/${uploaded.id}`);
    assert.equal(after.body.failureReason, 'ScanDobMismatch');
  });

  test('an expired passport fails by itself with ScanIdExpired, and the customer may upload again', async () => {
    const id = await customer('Okafor');
    const uploaded = await upload(id, await passport({ surname: 'Okafor', givenNames: 'Document', dateOfBirth: '1980-05-17', expirationDate: '2024-03-31' }));
    const document = await read(uploaded.id);
    assert.equal(resultOf(document.extraction, 'expiration'), 'mismatch');
    assert.equal(document.status, 'reviewed');
    assert.equal(document.outcome, 'rejected');
    assert.equal(document.failureReason, 'ScanIdExpired');
    const topics = (await listEventsForResource(t.verity.store.db, uploaded.id)).map((e) => e.topic);
    assert.ok(topics.includes('customer_verification_document_failed'), topics.join());
    const again = await upload(id, await passport({ surname: 'Okafor', givenNames: 'Document', dateOfBirth: '1980-05-17' }));
    assert.equal(again.status, 'pending');
  });

  test("a licence's back: its barcode is read and compared, its number masked for the tenant", async () => {
    const id = await customer('Tremaine', '1986-09-14');
    const image = await syntheticLicenceBack({ fields: { documentNumber: 'T5520871', surname: 'Tremaine', givenNames: 'Document', dateOfBirth: '1986-09-14', expirationDate: '2031-09-14', jurisdiction: 'NY', sex: 'M' }, condition: 'clean', seed: 2 });
    const uploaded = await upload(id, image, 'license', 'back');
    const { extraction } = await read(uploaded.id);
    assert.equal(extraction.status, 'done', JSON.stringify(extraction));
    assert.equal(extraction.mrz, null);
    assert.equal(extraction.barcode?.fields.documentNumber, '•••••871');
    assert.equal(extraction.barcode?.fields.jurisdiction, 'NY');
    for (const field of ['name', 'dateOfBirth', 'expiration', 'documentType']) assert.equal(resultOf(extraction, field), 'match', `${field}: ${JSON.stringify(extraction.comparisons)}`);
  });

  test('the same passport presented by a second customer is flagged on both', async () => {
    const fields = { surname: 'Moreau', givenNames: 'Document', dateOfBirth: '1980-05-17', documentNumber: 'KR4471902' };
    const first = await upload(await customer('Moreau'), await passport(fields));
    await read(first.id);
    const secondCustomer = await customer('Moreau');
    const second = await upload(secondCustomer, await passport(fields));
    const secondRead = await read(second.id);
    const flagged = secondRead.extraction.signals.find((s) => s.code === 'duplicate_document');
    assert.deepEqual(flagged?.documentIds, [first.id], JSON.stringify(secondRead.extraction.signals));
    const firstAgain = await api.get<DocumentBody>(`/v1/documents/${first.id}`);
    const told = firstAgain.body.extraction.signals.find((s) => s.code === 'duplicate_document');
    assert.deepEqual(told?.documentIds, [second.id]);
    assert.deepEqual(told?.customerIds, [secondCustomer]);
  });

  test('a tenant sets the issuing states it accepts; another state suggests ScanIdTypeNotSupported', async () => {
    const set = await api.patch<{ documents: { issuingStates: string[] | null; expiryMarginDays: number; failExpired: boolean } }>('/v1/tenant', { documents: { issuingStates: ['USA', 'CAN'], expiryMarginDays: 30 } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.documents, { issuingStates: ['USA', 'CAN'], expiryMarginDays: 30, failExpired: true });
    assert.equal((await api.patch('/v1/tenant', { documents: { issuingStates: ['usa'] } })).status, 400);
    assert.equal((await api.patch('/v1/tenant', { documents: { expiryMarginDays: -1 } })).status, 400);
    try {
      const uploaded = await upload(await customer('Novak'), await passport({ surname: 'Novak', givenNames: 'Document', dateOfBirth: '1980-05-17' }));
      const { extraction } = await read(uploaded.id);
      assert.equal(resultOf(extraction, 'issuingState'), 'mismatch');
      assert.deepEqual(extraction.suggestedReasons, ['ScanIdTypeNotSupported']);
    } finally {
      await api.patch('/v1/tenant', { documents: null });
    }
  });
});

describe('reading off', { skip }, () => {
  test('with VERITY_DOCUMENT_READING=off nothing is queued and documents say "off"', async () => {
    const off = await startTestApp('document-reading-off', { VERITY_DOCUMENT_READING: 'off' });
    try {
      const offApi = apiClient(off, await off.token());
      const created = await offApi.post<{ id: string }>('/v1/customers', personal({ firstName: 'document' }));
      const res = await offApi.post<DocumentBody>(`/v1/customers/${created.body.id}/documents`, { documentType: 'passport', image: (await passport({ surname: 'Doe', givenNames: 'Document', dateOfBirth: '1980-05-17' })).toString('base64') });
      assert.equal(res.body.extraction.status, 'off');
      assert.equal(await off.verity.documentReading.drain(), 0);
      assert.equal((await offApi.get<DocumentBody>(`/v1/documents/${res.body.id}`)).body.extraction.status, 'off');
    } finally {
      await off.close();
    }
  });
});
