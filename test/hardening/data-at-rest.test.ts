import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { apiClient, personal, uniqueEmail } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, JOHN, storage } from '../veratad/support.js';

// What every door is given below, and what must never be found in plaintext at rest: not in any
// table (all of them, listed from the schema), not in the SQLite files, not in the blob folder.
const V1 = { ssn: '234567891', dob: '1974-09-23' };
const DWOLLA = { ssn: '345678912', dob: '1968-11-30' };
const VERATAD = { dob: '19830612' };

let t: TestApp;
let front: Buffer;
let upload: Buffer;

before(async () => {
  t = await startTestApp('data-at-rest');
  const api = apiClient(t, await t.token());
  front = await sharp(await goodIdJpeg()).jpeg({ quality: 71 }).toBuffer();
  upload = await sharp(await goodIdJpeg()).jpeg({ quality: 73 }).toBuffer();

  const native = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'document', ssn: V1.ssn, dateOfBirth: V1.dob }));
  assert.equal(native.status, 201, JSON.stringify(native.body));
  const uploaded = await api.post(`/v1/customers/${native.body.id}/documents`, { documentType: 'license', image: upload.toString('base64') });
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));

  const dwolla = await fetch(`${t.url}/customers`, {
    method: 'POST',
    headers: { accept: 'application/vnd.dwolla.v1.hal+json', 'content-type': 'application/vnd.dwolla.v1.hal+json', authorization: `Bearer ${await t.token()}` },
    body: JSON.stringify({ ...personal({ email: uniqueEmail('dwolla') }), ssn: DWOLLA.ssn, dateOfBirth: DWOLLA.dob }),
  });
  assert.equal(dwolla.status, 201, await dwolla.text());

  const veratad = await storage(t, {
    ...credentials(t),
    service: 'createOrUpdateCustomer',
    target: { ...JOHN, email: uniqueEmail('veratad'), dob: VERATAD.dob, documents: { front: front.toString('base64') } },
  });
  assert.equal(veratad.status, 200, veratad.text);
});
after(() => t.close());

/** Each secret in the forms it could be stored in. */
function needles(): Array<[string, Buffer]> {
  const dashedSsn = (s: string) => `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}`;
  const isoDob = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
  const middle = (image: Buffer) => image.subarray(Math.floor(image.length / 2), Math.floor(image.length / 2) + 48);
  return [
    ...[V1.ssn, DWOLLA.ssn].flatMap((s) => [[`SSN ${s}`, Buffer.from(s)], [`SSN ${dashedSsn(s)}`, Buffer.from(dashedSsn(s))]] as Array<[string, Buffer]>),
    ...[V1.dob, DWOLLA.dob, isoDob(VERATAD.dob)].map((d): [string, Buffer] => [`date of birth ${d}`, Buffer.from(d)]),
    ['Veratad date of birth', Buffer.from(VERATAD.dob)],
    ['uploaded image bytes', middle(upload)],
    ['Veratad front image bytes', middle(front)],
    ['uploaded image (base64)', Buffer.from(middle(upload).toString('base64').slice(4, 40))],
    ['Veratad image (base64)', Buffer.from(middle(front).toString('base64').slice(4, 40))],
  ];
}

function assertNoneIn(where: string, bytes: Buffer): void {
  for (const [what, needle] of needles()) assert.ok(!bytes.includes(needle), `${where} holds the ${what} in plaintext`);
}

async function tableNames(): Promise<string[]> {
  const db = t.verity.store.db;
  const rows = t.verity.store.engine === 'postgres'
    ? await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return rows.rows.map((r) => r.name);
}

test('no table holds an SSN, a date of birth or document bytes in plaintext', async () => {
  const tables = await tableNames();
  assert.ok(tables.includes('customers') && tables.includes('documents') && tables.includes('events'));
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.verity.store.db);
    const text = JSON.stringify(rows.rows, (_key, value: unknown) =>
      Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    assertNoneIn(`table ${table}`, Buffer.from(text, 'latin1'));
  }
});

test('the SQLite files on disk hold none of them', () => {
  const files = fs.readdirSync(t.db.dataDir).filter((name) => name.startsWith('verity.db'));
  if (t.verity.store.engine === 'postgres') return; // the table scan above read every row
  assert.ok(files.length > 0);
  for (const name of files) assertNoneIn(name, fs.readFileSync(path.join(t.db.dataDir, name)));
});

test('the blob folder holds only ciphertext', () => {
  const blobs = path.join(t.db.dataDir, 'blobs');
  const files = (fs.readdirSync(blobs, { recursive: true }) as string[]).map((f) => path.join(blobs, f)).filter((f) => fs.statSync(f).isFile());
  assert.ok(files.length >= 2, 'both images are stored');
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    assertNoneIn(path.relative(t.db.dataDir, file), bytes);
    assert.ok(!bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), `${file} starts like a JPEG`);
  }
});
