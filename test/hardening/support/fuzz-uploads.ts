import fc from 'fast-check';
import { BOUNDARY, multipartBytes } from './bodies.js';
import type { EncodedBody, FuzzContext } from './fuzz-requests.js';
import { hugeString, nastyString, wrongValue } from './fuzz-values.js';
import type { MultipartPart } from './inventory.js';

/** Bodies that carry files: Veratad's base64 images, and document uploads (JSON or multipart). */

/** Veratad's one endpoint: every service, the right credentials mostly, images of every kind. */
export function veratadBodies(fx: FuzzContext): fc.Arbitrary<EncodedBody> {
  const { victim } = fx.world;
  const field = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Jane', 'Doe', '99-99 33rd St', 'NY', '11101', '19800517', '+12025550123') }, { weight: 2, arbitrary: nastyString }, { weight: 1, arbitrary: wrongValue });
  const target = fc.record(
    {
      email: fc.oneof(fc.constant(victim.customerEmail), fc.emailAddress(), nastyString, wrongValue),
      fn: field, ln: field, addr: field, city: field, state: field, zip: field, dob: field, phone: field,
      status: fc.oneof(fc.constantFrom('PASS', 'FAIL', 'PENDING'), nastyString),
      documents: fc.oneof(fc.record({ front: imageValue(fx), back: fc.option(imageValue(fx)) }, { requiredKeys: [] }), wrongValue),
    },
    { requiredKeys: [] },
  );
  return fc
    .record(
      {
        user: fc.oneof({ weight: 8, arbitrary: fc.constant(victim.key) }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: wrongValue }),
        pass: fc.oneof({ weight: 8, arbitrary: fc.constant(victim.secret) }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: wrongValue }),
        service: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('createOrUpdateCustomer', 'getStatus', 'getDocumentImages', 'updateStatus') }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: wrongValue }),
        reference: fc.oneof(nastyString, wrongValue),
        target: fc.oneof({ weight: 6, arbitrary: target }, { weight: 1, arbitrary: wrongValue }),
      },
      { requiredKeys: ['user', 'pass', 'service'] },
    )
    .map((body): EncodedBody => ({ variant: 'veratad request', contentType: 'application/json', payload: Buffer.from(JSON.stringify(body)) }));
}

/** A base64 image field: a good image rarely, mostly broken base64 or files that are not ID images. */
function imageValue(fx: FuzzContext): fc.Arbitrary<unknown> {
  const b64 = (bytes: Buffer) => bytes.toString('base64');
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(b64(fx.files.good)) },
    { weight: 2, arbitrary: fc.constantFrom(b64(fx.files.tiny), b64(fx.files.truncated), b64(fx.files.bomb), b64(fx.files.pdf), `data:image/png;base64,${b64(fx.files.tiny)}`) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }).map((bytes) => b64(Buffer.from(bytes))) },
    {
      weight: 3,
      arbitrary: fc.constantFrom('!!!!', 'aGVsbG8', 'a', 'a===', '====', 'data:image/png;base64,', 'data:image/jpeg;base64,@@@', 'data:,', 'aGVs\nbG8=', 'a-b_c-d_', ' '.repeat(10), `${b64(fx.files.tiny).slice(0, 101)}`),
    },
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 100_000 }).map((n) => 'A'.repeat(n - (n % 4))) },
    { weight: 1, arbitrary: nastyString },
    { weight: 1, arbitrary: wrongValue },
  );
}

/** The JSON form of an upload: documentType and a base64 image. */
export function jsonUploadBodies(fx: FuzzContext): fc.Arbitrary<EncodedBody> {
  return fc
    .record(
      {
        documentType: fc.oneof(fc.constantFrom('passport', 'license', 'idCard', 'other'), nastyString, wrongValue),
        image: imageValue(fx),
        side: fc.oneof(fc.constantFrom('front', 'back'), nastyString),
        fileName: nastyString,
      },
      { requiredKeys: [] },
    )
    .map((body): EncodedBody => ({ variant: 'JSON upload', contentType: 'application/json', payload: Buffer.from(JSON.stringify(body)) }));
}

/** multipart/form-data uploads, well-formed and not. */
export function multipartBodies(fx: FuzzContext): fc.Arbitrary<EncodedBody> {
  const fileBytes = fc.oneof(
    { weight: 1, arbitrary: fc.constant(fx.files.good) },
    { weight: 3, arbitrary: fc.constantFrom(fx.files.tiny, fx.files.truncated, fx.files.bomb, fx.files.pdf, Buffer.alloc(0)) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)) },
  );
  const file = fc.record({
    name: fc.constant('file'),
    value: fileBytes,
    filename: fc.oneof(fc.constantFrom('license.jpg', 'test-document-upload-success.jpg', 'test-document-upload-fail.png', ''), nastyString.map((s) => s.replace(/["\r\n]/g, ''))),
    contentType: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'text/html', 'application/octet-stream', 'image/jpeg; charset=utf-8'),
  });
  const documentType = fc.oneof(fc.constantFrom('passport', 'license', 'idCard', 'other'), nastyString.map((s) => s.replace(/[\r\n]/g, '')));
  const field = (name: string) => documentType.map((value): MultipartPart => ({ name, value }));
  const parts = fc.oneof(
    fc.tuple(field('documentType'), file).map((p): MultipartPart[] => p),
    fc.tuple(field('documentType'), field('side'), file).map((p): MultipartPart[] => p),
    fc.tuple(file, field('documentType')).map((p): MultipartPart[] => p),
    fc.tuple(field('documentType')).map((p): MultipartPart[] => p),
    fc.tuple(file).map((p): MultipartPart[] => p),
    fc.tuple(field('documentType'), file, file).map((p): MultipartPart[] => p),
    fc.tuple(field('documentType'), file).map(([d, f]): MultipartPart[] => [d, { ...f, name: 'upload' }]),
    fc.array(field('extra'), { minLength: 13, maxLength: 20 }),
    fc.tuple(hugeString(5_000)).map(([value]): MultipartPart[] => [{ name: 'documentType', value }]),
  );
  const multipart = (variant: string, contentType: string) => (payload: Buffer): EncodedBody => ({ variant, contentType, payload });
  const type = `multipart/form-data; boundary=${BOUNDARY}`;
  return fc.oneof(
    { weight: 4, arbitrary: parts.map((p) => multipart('multipart upload', type)(multipartBytes(p))) },
    { weight: 1, arbitrary: fc.tuple(parts, fc.double({ min: 0, max: 1, noNaN: true })).map(([p, cut]) => { const bytes = multipartBytes(p, BOUNDARY, false); return multipart('truncated multipart', type)(bytes.subarray(0, Math.floor(bytes.length * cut))); }) },
    { weight: 1, arbitrary: parts.map((p) => multipart('multipart with another boundary', 'multipart/form-data; boundary=not-the-one')(multipartBytes(p))) },
    { weight: 1, arbitrary: parts.map((p) => multipart('multipart without a boundary', 'multipart/form-data')(multipartBytes(p))) },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.alloc(0), Buffer.from(`--${BOUNDARY}--\r\n`), Buffer.from(`--${BOUNDARY}\r\n\r\nno headers\r\n--${BOUNDARY}--\r\n`), Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${BOUNDARY}--\r\n`)).map(multipart('degenerate multipart', type)) },
  );
}
