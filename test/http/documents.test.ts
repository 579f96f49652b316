import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { listEventsForResource } from '../../src/store/events-repository.js';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { blurryJpeg, darkJpeg, goodIdJpeg, goodIdPng, htmlAsPng, pdfBytes, tinyJpeg, truncatedJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ApiClient;
let token: string;
before(async () => {
  t = await startTestApp('documents');
  token = await t.token();
  api = apiClient(t, token);
});
after(() => t.close());

type Doc = { id: string; status: string; outcome?: string; mediaType: string; size: number; failureReason?: string; allFailureReasons: Array<{ reason: string; description: string }> };

async function customerInDocumentStatus(): Promise<string> {
  const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ firstName: 'document' }));
  assert.equal(created.body.status, 'document');
  return created.body.id;
}

async function uploadMultipart(customerId: string, bytes: Buffer, fileName: string, documentType = 'license', authToken = token) {
  const form = new FormData();
  form.append('documentType', documentType);
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), fileName);
  const response = await fetch(`${t.url}/v1/customers/${customerId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${authToken}` }, body: form });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Doc & { code?: string; existingId?: string } };
}

/** A different but equally good image each time (new bytes, same quality). */
async function anotherGoodJpeg(quality: number): Promise<Buffer> {
  return sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer();
}

describe('uploading documents', () => {
  test('a multipart JPEG is stored encrypted, described, and served back byte for byte', async () => {
    const id = await customerInDocumentStatus();
    const bytes = await goodIdJpeg();
    const res = await uploadMultipart(id, bytes, 'license.jpg');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.mediaType, 'image/jpeg');
    assert.equal(res.body.size, bytes.length);
    assert.equal(res.body.status, 'pending');
    assert.equal(res.headers.get('location'), `${t.url}/v1/documents/${res.body.id}`);

    const file = await fetch(`${t.url}/v1/documents/${res.body.id}/file`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), bytes);

    const topics = (await listEventsForResource(t.verity.store.db, res.body.id)).map((e) => e.topic);
    assert.deepEqual(topics, ['customer_verification_document_uploaded']);

    const window = bytes.subarray(1000, 1064);
    for (const file of walk(path.join(t.db.dataDir, 'blobs'))) {
      assert.ok(!fs.readFileSync(file).includes(window), `${file} holds plaintext`);
    }
  });

  test('the fields may follow the file: it waits, encrypted, until the form ends; a form without a documentType leaves nothing', async () => {
    const id = await customerInDocumentStatus();
    const blobs = path.join(t.db.dataDir, 'blobs');
    const send = async (form: FormData) => {
      const response = await fetch(`${t.url}/v1/customers/${id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      return { status: response.status, body: (await response.json()) as Doc & { side?: string; type?: string; errors?: Array<{ pointer: string }> } };
    };
    const bytes = await anotherGoodJpeg(57);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'back.jpg');
    form.append('documentType', 'idCard');
    form.append('side', 'back');
    const res = await send(form);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.type, res.body.side, res.body.size], ['idCard', 'back', bytes.length]);

    const before = walk(blobs).sort();
    const untyped = new FormData();
    untyped.append('file', new Blob([await anotherGoodJpeg(58)]), 'x.jpg');
    untyped.append('side', 'front');
    const refused = await send(untyped);
    assert.deepEqual([refused.status, refused.body.errors?.[0]?.pointer], [400, '/documentType']);
    const badSide = new FormData();
    badSide.append('file', new Blob([await anotherGoodJpeg(59)]), 'x.jpg');
    badSide.append('documentType', 'license');
    badSide.append('side', 'middle');
    assert.equal((await send(badSide)).status, 400);
    assert.deepEqual(walk(blobs).sort(), before, 'a refused form leaves no file behind');
    assert.equal((await api.get<{ data: Doc[] }>(`/v1/customers/${id}/documents`)).body.data.length, 1);
  });

  test('the JSON form takes a base64 image and a side', async () => {
    const id = await customerInDocumentStatus();
    const res = await api.post<Doc & { side: string }>(`/v1/customers/${id}/documents`, {
      documentType: 'idCard',
      side: 'front',
      image: (await goodIdPng()).toString('base64'),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.mediaType, 'image/png');
    assert.equal(res.body.side, 'front');
  });

  test('the media type comes from the bytes: a PNG named .jpg is a PNG; HTML named .png is refused', async () => {
    const id = await customerInDocumentStatus();
    const png = await uploadMultipart(id, await goodIdPng(), 'photo.jpg');
    assert.equal(png.body.mediaType, 'image/png');
    const html = await uploadMultipart(id, htmlAsPng(), 'photo.png');
    assert.equal(html.status, 400);
  });

  test('a PDF is accepted only as type other', async () => {
    const id = await customerInDocumentStatus();
    assert.equal((await uploadMultipart(id, pdfBytes(), 'license.pdf', 'license')).status, 400);
    const other = await uploadMultipart(id, pdfBytes(), 'statement.pdf', 'other');
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.equal(other.body.mediaType, 'application/pdf');
  });

  test('empty, truncated and oversized files, a missing type and bad base64 are clear 4xx', async () => {
    const id = await customerInDocumentStatus();
    assert.equal((await uploadMultipart(id, Buffer.alloc(0), 'empty.jpg')).status, 400);
    assert.equal((await uploadMultipart(id, await truncatedJpeg(), 'cut.jpg')).status, 400);
    const big = Buffer.concat([await goodIdJpeg(), Buffer.alloc(11 * 1024 * 1024)]);
    assert.equal((await uploadMultipart(id, big, 'big.jpg')).status, 413);
    assert.equal((await uploadMultipart(id, await goodIdJpeg(), 'x.jpg', 'selfie')).status, 400);
    const noType = new FormData();
    noType.append('file', new Blob([await goodIdJpeg()]), 'x.jpg');
    const res = await fetch(`${t.url}/v1/customers/${id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: noType });
    assert.equal(res.status, 400);
    assert.equal((await api.post(`/v1/customers/${id}/documents`, { documentType: 'license', image: 'not base64!' })).status, 400);
    assert.equal((await api.post(`/v1/customers/${id}/documents`, { documentType: 'license' })).status, 400);
    assert.equal(fs.existsSync(path.join(t.db.dataDir, 'blobs')) ? walk(path.join(t.db.dataDir, 'blobs')).filter((f) => !f.endsWith('.blob')).length : 0, 0, 'no partial files left');
  });

  test('the same bytes twice are a DuplicateResource pointing at the first', async () => {
    const id = await customerInDocumentStatus();
    const bytes = await anotherGoodJpeg(91);
    const first = await uploadMultipart(id, bytes, 'a.jpg');
    const again = await uploadMultipart(id, bytes, 'b.jpg');
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'DuplicateResource');
    assert.equal(again.body.existingId, first.body.id);
  });

  test('at most four documents wait for review', async () => {
    const id = await customerInDocumentStatus();
    for (const quality of [81, 82, 83, 84]) assert.equal((await uploadMultipart(id, await anotherGoodJpeg(quality), 'id.jpg')).status, 201);
    const fifth = await uploadMultipart(id, await anotherGoodJpeg(85), 'id.jpg');
    assert.equal(fifth.status, 409);
    assert.equal(fifth.body.code, 'MaxNumberOfResources');
  });

  test('an Idempotency-Key on a multipart upload never replays another file', async () => {
    const id = await customerInDocumentStatus();
    const send = async (bytes: Buffer) => {
      const form = new FormData();
      form.append('documentType', 'license');
      form.append('file', new Blob([bytes]), 'id.jpg');
      const response = await fetch(`${t.url}/v1/customers/${id}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'same-key' },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Doc };
    };
    const first = await send(await anotherGoodJpeg(61));
    const second = await send(await anotherGoodJpeg(62));
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.notEqual(second.body.id, first.body.id);
  });

  test('uploads are refused unless the customer is in document status', async () => {
    const created = await api.post<{ id: string }>('/v1/customers', personal());
    const res = await uploadMultipart(created.body.id, await goodIdJpeg(), 'id.jpg');
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'InvalidResourceState');
  });
});

describe('automatic checks', () => {
  for (const [name, make] of [
    ['too small', tinyJpeg],
    ['too dark', darkJpeg],
    ['blurry', blurryJpeg],
  ] as const) {
    test(`a ${name} image is rejected at once with ScanNotReadable; the customer may upload again`, async () => {
      const id = await customerInDocumentStatus();
      const res = await uploadMultipart(id, await make(), 'id.jpg');
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'reviewed');
      assert.equal(res.body.outcome, 'rejected');
      assert.equal(res.body.failureReason, 'ScanNotReadable');
      assert.ok((res.body.allFailureReasons[0]?.description.length ?? 0) > 10);
      const topics = (await listEventsForResource(t.verity.store.db, res.body.id)).map((e) => e.topic);
      assert.deepEqual(topics, ['customer_verification_document_uploaded', 'customer_verification_document_failed']);
      assert.equal((await api.get<{ status: string }>(`/v1/customers/${id}`)).body.status, 'document');
      assert.equal((await uploadMultipart(id, await goodIdJpeg(), 'id.jpg')).status, 201);
    });
  }
});

describe("Dwolla's sandbox test images", () => {
  test('test-document-upload-success approves and verifies the customer', async () => {
    const id = await customerInDocumentStatus();
    const res = await uploadMultipart(id, await anotherGoodJpeg(77), 'test-document-upload-success.png');
    assert.equal(res.body.outcome, 'accepted');
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${id}`)).body.status, 'verified');
  });

  test('test-document-upload-fail rejects with ScanNotReadable', async () => {
    const id = await customerInDocumentStatus();
    const res = await uploadMultipart(id, await anotherGoodJpeg(78), 'test-document-upload-fail.png');
    assert.equal(res.body.outcome, 'rejected');
    assert.equal(res.body.failureReason, 'ScanNotReadable');
  });
});

describe('tenant isolation', () => {
  test("another tenant can neither see a document nor fetch its file, nor upload to the customer", async () => {
    const id = await customerInDocumentStatus();
    const doc = await uploadMultipart(id, await anotherGoodJpeg(70), 'id.jpg');
    const stranger = await t.verity.tenants.create({ name: 'stranger' });
    const strangerToken = (await t.verity.authenticator.issueToken(stranger.tenant.key, stranger.secret)).accessToken;
    const other = apiClient(t, strangerToken);
    assert.equal((await other.get(`/v1/documents/${doc.body.id}`)).status, 404);
    assert.equal((await other.get(`/v1/documents/${doc.body.id}/file`)).status, 404);
    assert.equal((await other.get(`/v1/customers/${id}/documents`)).status, 404);
    assert.equal((await uploadMultipart(id, await anotherGoodJpeg(71), 'id.jpg', 'license', strangerToken)).status, 404);
    const mine = await api.get<{ data: Doc[] }>(`/v1/customers/${id}/documents`);
    assert.deepEqual(mine.body.data.map((d) => d.id), [doc.body.id]);
  });
});

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
