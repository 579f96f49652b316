import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blurryJpeg, goodIdJpeg, goodIdPng, pdfBytes, truncatedJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, JOHN, STORAGE, storage, uniqueEmail } from './support.js';

// Every failure of the Veratad dialect is `{result: "Error", message}` with a fitting status;
// the documented ones keep Veratad's exact wording at the start of the message.

let t: TestApp;
let png: string;

before(async () => {
  t = await startTestApp('veratad-errors');
  png = (await goodIdPng()).toString('base64');
});

after(() => t.close());

const SERVICES = ['createOrUpdateCustomer', 'getStatus', 'getDocumentImages', 'updateStatus'];

function assertError(res: { status: number; body: Record<string, unknown>; text: string }, status: number, message: string | RegExp) {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(Object.keys(res.body), ['result', 'message']);
  assert.equal(res.body.result, 'Error');
  if (typeof message === 'string') assert.equal(res.body.message, message);
  else assert.match(res.body.message as string, message);
}

/**
 * "Missing a required input" exactly as the seed's DCAMS examples send it (clients compare the
 * message); the inputs it is about are listed beside it, in `missing`.
 */
function assertMissing(res: { status: number; body: Record<string, unknown>; text: string }, missing: readonly string[]) {
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.body, { result: 'Error', message: 'Missing a required input', missing });
}

describe('credentials', () => {
  test('a wrong secret or an unknown key: 401 with Veratad’s message', async () => {
    for (const wrong of [
      { user: t.tenant.key, pass: 'vs_wrong' },
      { user: 'vk_nobody', pass: t.tenant.secret },
    ]) {
      const res = await storage(t, { ...wrong, service: 'getStatus', target: { email: 'test@veratad.com' } });
      assertError(res, 401, 'Either your username or password is incorrect');
    }
  });

  test('missing or empty user, pass or service: 400 Missing a required input', async () => {
    const { user, pass } = credentials(t);
    assertMissing(await storage(t, { pass, service: 'getStatus', target: {} }), ['user']);
    assertMissing(await storage(t, { user, service: 'getStatus', target: {} }), ['pass']);
    assertMissing(await storage(t, { user, pass, target: {} }), ['service']);
    assertMissing(await storage(t, { user, pass: '', service: 'getStatus', target: {} }), ['pass']);
  });

  test('another tenant’s credentials cannot see, change or read the images of the customer (404)', async () => {
    const email = uniqueEmail('isolated');
    const created = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target: { ...JOHN, email, documents: { front: png } } });
    assert.equal(created.status, 200, created.text);
    const other = await t.verity.tenants.create({ name: 'another tenant' });
    const theirs = { user: other.tenant.key, pass: other.secret };
    for (const service of ['getStatus', 'getDocumentImages']) {
      assertError(await storage(t, { ...theirs, service, target: { email } }), 404, 'The email address was not found');
    }
    assertError(await storage(t, { ...theirs, service: 'updateStatus', target: { email, status: 'PASS' } }), 404, 'The email address was not found');
    // Their createOrUpdateCustomer makes their own customer; ours is untouched.
    const mine = await storage(t, { ...theirs, service: 'createOrUpdateCustomer', target: { email, fn: 'Other' } });
    assert.equal(mine.body.type, 'createCustomer');
    const ours = await storage(t, { ...credentials(t), service: 'getStatus', target: { email } });
    assert.equal(ours.body.target.fn, 'John');
    assert.equal(ours.body.status, 'PENDING');
  });
});

describe('the request', () => {
  test('an unknown service: 400 naming the four services', async () => {
    const res = await storage(t, { ...credentials(t), service: 'deleteCustomer', target: { email: 'test@veratad.com' } });
    assertError(res, 400, /deleteCustomer/);
    for (const service of SERVICES) assert.ok((res.body.message as string).includes(service), service);
  });

  test('missing target or email, for every service: 400 Missing a required input', async () => {
    for (const service of SERVICES) {
      assertMissing(await storage(t, { ...credentials(t), service }), ['target']);
      assertMissing(await storage(t, { ...credentials(t), service, target: { fn: 'John' } }), ['target.email']);
      assertMissing(await storage(t, { ...credentials(t), service, target: { email: '  ' } }), ['target.email']);
    }
  });

  test('an invalid email, for every service: 400 The email address is invalid', async () => {
    for (const service of SERVICES) {
      for (const email of ['not-an-email', 'john@', 'john@example', 'jo hn@example.com']) {
        assertError(await storage(t, { ...credentials(t), service, target: { email, status: 'PASS' } }), 400, 'The email address is invalid');
      }
    }
  });

  test('malformed JSON and bodies that are not objects: 400', async () => {
    assertError(await storage(t, '{"user": "a", "pass": '), 400, /not valid JSON/);
    for (const body of ['[]', '"getStatus"', '42', 'null']) {
      assertError(await storage(t, body), 400, /^Invalid input: the request body must be a JSON object/);
    }
    assertError(await storage(t, '', { 'content-type': 'application/json' }), 400, /empty/);
  });

  test('wrong JSON types: 400 naming the input', async () => {
    const base = { ...credentials(t), service: 'createOrUpdateCustomer' };
    assertError(await storage(t, { ...base, target: 'jsmith@veratad.com' }), 400, 'Invalid input: target must be a JSON object.');
    assertError(await storage(t, { ...base, target: { email: 'a@b.com', fn: 7 } }), 400, 'Invalid input: target.fn must be a string.');
    assertError(await storage(t, { ...base, target: { email: ['a@b.com'] } }), 400, 'Invalid input: target.email must be a string.');
    assertError(await storage(t, { ...base, reference: 888888812, target: { email: 'a@b.com' } }), 400, 'Invalid input: reference must be a string.');
    assertError(await storage(t, { ...base, target: { email: 'a@b.com', documents: 'front' } }), 400, 'Invalid input: target.documents must be a JSON object.');
    assertError(await storage(t, { ...base, target: { email: 'a@b.com', documents: { front: 1 } } }), 400, 'Invalid input: target.documents.front must be a string.');
    assertError(await storage(t, { ...base, user: 5 }), 400, 'Invalid input: user must be a string.');
  });

  test('another method than POST, or another content type: the same error shape', async () => {
    const got = await fetch(`${t.url}${STORAGE}`);
    assert.equal(got.status, 405);
    assert.equal(got.headers.get('allow'), 'POST');
    assert.deepEqual(await got.json(), { result: 'Error', message: 'GET is not allowed here; use POST.' });
    const xml = await storage(t, '<storage/>', { 'content-type': 'application/xml' });
    assertError(xml, 415, /content type/);
  });
});

describe('createOrUpdateCustomer refusals', () => {
  const create = (target: Record<string, unknown>, reference?: unknown) =>
    storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', ...(reference !== undefined && { reference }), target });

  test('invalid base64, an empty image, a missing front, a PDF or a cut-short image: 400, and no customer is made', async () => {
    const email = uniqueEmail('badimage');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ front: 'not base64!' }, /^Invalid input: target\.documents\.front is not valid base64/],
      [{ front: png, back: 'iVBORw0KGgo=====' }, /^Invalid input: target\.documents\.back is not valid base64/],
      [{ front: '' }, /^Invalid input: target\.documents\.front is empty/],
      [{ front: pdfBytes().toString('base64') }, /target\.documents\.front is not a JPEG or PNG image/],
      [{ front: (await truncatedJpeg()).toString('base64') }, /target\.documents\.front is cut short/],
    ];
    for (const [documents, message] of cases) {
      assertError(await create({ ...JOHN, email, documents }), 400, message);
    }
    assertMissing(await create({ ...JOHN, email, documents: { back: png } }), ['target.documents.front']);
    assertError(await storage(t, { ...credentials(t), service: 'getStatus', target: { email } }), 404, 'The email address was not found');
  });

  test('an image over 10 MiB once decoded: 413', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    (await goodIdJpeg()).copy(big);
    assertError(await create({ ...JOHN, email: uniqueEmail('big'), documents: { front: big.toString('base64') } }), 413, /target\.documents\.front is larger than 10 MiB/);
  });

  test('a body over the route’s limit (two 10 MiB images in base64 fit, more does not): 413', async () => {
    const huge = 'A'.repeat(29 * 1024 * 1024);
    const res = await storage(t, { ...credentials(t), service: 'createOrUpdateCustomer', target: { email: uniqueEmail('huge'), documents: { front: huge } } });
    assertError(res, 413, /too large/);
  });

  test('an image the automatic checks refuse (blurry): 400 saying why', async () => {
    const res = await create({ ...JOHN, email: uniqueEmail('blurry'), documents: { front: (await blurryJpeg()).toString('base64') } });
    assertError(res, 400, /^Invalid input: target\.documents\.front was refused: The image is blurry/);
  });

  test('images for a customer without identity attributes: 409 saying what to send', async () => {
    const res = await create({ email: uniqueEmail('noidentity'), fn: 'John', documents: { front: png } });
    assertError(res, 409, /not awaiting identity documents.*Send addr, city, state, zip and dob/);
  });

  test('an update the field rules refuse: 400 in Veratad’s terms (what statuses allow: updates.test.ts)', async () => {
    const email = uniqueEmail('locked');
    assert.equal((await create({ ...JOHN, email })).status, 200);
    assertError(await create({ ...JOHN, email, state: 'XX' }), 400, 'Invalid input: target.state invalid.');
    assertError(await create({ ...JOHN, email, dob: '20200101' }), 400, 'Invalid input: target.dob value not allowed: age must be between 18 and 125.');
    const moved = await create({ ...JOHN, email, addr: '125 Main St' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.target.addr, '125 Main St');
    assert.equal(moved.body.target.dob, JOHN.dob);
  });

  test('identity attributes incomplete or invalid: 400 naming them in Veratad’s terms', async () => {
    const email = uniqueEmail('partial');
    const partial = await create({ email, addr: '123 Main St' });
    assertMissing(partial, partial.body.missing as string[]);
    for (const name of ['target.fn', 'target.ln', 'target.city', 'target.state', 'target.zip', 'target.dob']) assert.ok((partial.body.missing as string[]).includes(name), name);
    assertError(await create({ ...JOHN, email, dob: '1970-01-01' }), 400, 'Invalid input: target.dob must be a date in YYYYMMDD format.');
    assertError(await create({ ...JOHN, email, dob: '19700231' }), 400, 'Invalid input: target.dob must be a date in YYYYMMDD format.');
    assertError(await create({ ...JOHN, email, dob: '20200101' }), 400, 'Invalid input: target.dob value not allowed: age must be between 18 and 125.');
    assertError(await create({ ...JOHN, email, state: 'XX' }), 400, 'Invalid input: target.state invalid.');
    assertError(await create({ ...JOHN, email, phone: '12' }), 400, 'Invalid input: target.phone must be a 10-digit US number.');
    assertError(await create({ ...JOHN, email }, 'not a reference!'), 400, /^Invalid input: reference may contain only/);
  });
});

test('the dialect is in Verity’s OpenAPI under the Veratad tag: its one POST, not the routes that answer 405', async () => {
  const spec = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
  assert.ok(spec.paths['/v1/customers']);
  assert.deepEqual(Object.keys(spec.paths[STORAGE] ?? {}), ['post']);
  assert.deepEqual(spec.paths[STORAGE]?.post?.tags, ['Veratad']);
});

describe('updateStatus refusals', () => {
  test('a missing or unknown status: 400; an unknown email: 404', async () => {
    const update = (target: Record<string, unknown>) => storage(t, { ...credentials(t), service: 'updateStatus', target });
    assertMissing(await update({ email: 'test@veratad.com' }), ['target.status']);
    assertError(await update({ email: 'test@veratad.com', status: 'APPROVED' }), 400, 'Invalid input: target.status must be PASS, PENDING or FAIL.');
    assertError(await update({ email: 'test@veratad.com', status: 'constructor' }), 400, /must be PASS, PENDING or FAIL/);
    assertError(await update({ email: uniqueEmail('nobody'), status: 'PASS' }), 404, 'The email address was not found');
  });
});
