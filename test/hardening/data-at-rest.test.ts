import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { apiClient, personal, uniqueEmail } from '../support/api.js';
import { goodIdJpeg } from '../support/images.js';
import { openStore } from '../../src/store/connect.js';
import { sandboxToken, startServerProcess } from '../support/server-process.js';
import { createTestDatabase } from '../support/test-db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, JOHN, storage } from '../veratad/support.js';

// What every door is given below, and what must never be found in plaintext at rest: not in any
// table (all of them, listed from the schema), not in the SQLite files, not in the blob folder.
const V1 = { ssn: '234567891', dob: '1974-09-23' };
const DWOLLA = { ssn: '345678912', dob: '1968-11-30' };
const VERATAD = { dob: '19830612' };
// The onboarding questionnaire, through /v1 and through 10npay's POST /User.
const QUESTIONNAIRE = { occupation: 'Lighthouse keeper of Skerryvore', income: { source: 'Salary from Northern Lights Board' } };
const TENPAY_QUESTIONNAIRE = { type: 'individual', data: { employer: 'Bell Rock Signal Tower Company' } };

let t: TestApp;
let nativeCustomerId: string;
let tenpayUserNumber: number;
let front: Buffer;
let upload: Buffer;

before(async () => {
  t = await startTestApp('data-at-rest');
  const api = apiClient(t, await t.token());
  front = await sharp(await goodIdJpeg()).jpeg({ quality: 71 }).toBuffer();
  upload = await sharp(await goodIdJpeg()).jpeg({ quality: 73 }).toBuffer();

  const native = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'document', ssn: V1.ssn, dateOfBirth: V1.dob }));
  assert.equal(native.status, 201, JSON.stringify(native.body));
  nativeCustomerId = native.body.id;
  const submitted = await api.put(`/v1/customers/${native.body.id}/onboarding/additional-data`, QUESTIONNAIRE);
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  const tenpay = await api.post<{ id: number }>('/User', { merchantId: 9101, email: uniqueEmail('tenpay'), additionalData: TENPAY_QUESTIONNAIRE });
  assert.equal(tenpay.status, 201, JSON.stringify(tenpay.body));
  tenpayUserNumber = tenpay.body.id;
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
    ['questionnaire answer', Buffer.from(QUESTIONNAIRE.occupation)],
    ['nested questionnaire answer', Buffer.from(QUESTIONNAIRE.income.source)],
    ['10npay questionnaire answer', Buffer.from(TENPAY_QUESTIONNAIRE.data.employer)],
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

test('the questionnaire column holds ciphertext only, and reads back through the API', async () => {
  const rows = await t.verity.store.db.selectFrom('customer_onboarding').select(['customer_id', 'additional_data']).where('additional_data', 'is not', null).execute();
  assert.equal(rows.length, 2, 'both questionnaires are stored');
  for (const row of rows) {
    assert.match(row.additional_data ?? '', /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/, 'sealed like the other personal data');
    assert.ok(!(row.additional_data ?? '').includes('Lighthouse') && !(row.additional_data ?? '').includes('occupation'));
  }
  const api = apiClient(t, await t.token());
  const onboarding = await api.get<{ additionalData: unknown; additionalDataSubmitted: boolean }>(`/v1/customers/${nativeCustomerId}/onboarding`);
  assert.equal(onboarding.status, 200);
  assert.equal(onboarding.body.additionalDataSubmitted, true);
  assert.deepEqual(onboarding.body.additionalData, QUESTIONNAIRE);
  const tenpayId = rows.find((r) => r.customer_id !== nativeCustomerId)?.customer_id;
  assert.equal((await api.get<{ number: number }>(`/v1/customers/${tenpayId}`)).body.number, tenpayUserNumber);
  const tenpayOnboarding = await api.get<{ additionalData: unknown }>(`/v1/customers/${tenpayId}/onboarding`);
  assert.deepEqual(tenpayOnboarding.body.additionalData, TENPAY_QUESTIONNAIRE);
});

/** Every directory and file under `root` (itself included), with its permission bits. */
function modesUnder(root: string): Array<{ file: string; directory: boolean; mode: number }> {
  const entries = (fs.readdirSync(root, { recursive: true }) as string[]).map((name) => path.join(root, name));
  return [root, ...entries].map((file) => {
    const stat = fs.statSync(file);
    return { file: path.relative(root, file) || '.', directory: stat.isDirectory(), mode: stat.mode & 0o777 };
  });
}

function assertPrivate(root: string, when: string): void {
  const modes = modesUnder(root);
  for (const { file, directory, mode } of modes) {
    assert.equal(mode.toString(8), (directory ? 0o700 : 0o600).toString(8), `${when}: ${file} is ${mode.toString(8)}`);
  }
}

test('a real start keeps the data directory 0700 and its files 0600, tightens what an earlier version left open, and seals plaintext questionnaires', async () => {
  const LEGACY = { occupation: 'Keeper of the Eddystone light', employer: 'Trinity House Pilots' };
  const db = await createTestDatabase('data-at-rest-start');
  let server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
  try {
    let token = await sandboxToken(server);
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${server.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const customer = await call('POST', '/v1/customers', personal({ firstName: 'document' }));
    assert.equal(customer.status, 201);
    const id = customer.body.id as string;
    assert.equal((await call('POST', `/v1/customers/${id}/documents`, { documentType: 'license', image: upload.toString('base64') })).status, 201);
    assert.equal((await call('PUT', `/v1/customers/${id}/onboarding/additional-data`, { first: 'answer' })).status, 200);
    const files = modesUnder(db.dataDir).map((m) => m.file);
    if (!db.databaseUrl) assert.ok(['verity.db', 'verity.db-wal', 'verity.db-shm'].every((f) => files.includes(f)), files.join(', '));
    assert.ok(files.includes('master.key') && files.some((f) => f.endsWith('.blob')), files.join(', '));
    assertPrivate(db.dataDir, 'first start');
    await server.stop();

    // As an earlier version left them: readable by everyone, and the questionnaire in plaintext.
    const store = openStore(db.databaseUrl ? { engine: 'postgres', url: db.databaseUrl } : { engine: 'sqlite', path: path.join(db.dataDir, 'verity.db') });
    await store.db.updateTable('customer_onboarding').set({ additional_data: JSON.stringify(LEGACY) }).where('customer_id', '=', id).execute();
    await store.close();
    for (const { file, directory } of modesUnder(db.dataDir)) fs.chmodSync(path.join(db.dataDir, file), directory ? 0o755 : 0o644);

    server = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    token = await sandboxToken(server);
    assert.match(server.output(), /Encrypted 1 onboarding questionnaire/);
    const onboarding = await call('GET', `/v1/customers/${id}/onboarding`);
    assert.deepEqual(onboarding.body.additionalData, LEGACY);
    const check = openStore(db.databaseUrl ? { engine: 'postgres', url: db.databaseUrl } : { engine: 'sqlite', path: path.join(db.dataDir, 'verity.db') });
    try {
      const row = await check.db.selectFrom('customer_onboarding').select('additional_data').where('customer_id', '=', id).executeTakeFirstOrThrow();
      assert.match(row.additional_data ?? '', /^v1\./);
      assert.ok(!(row.additional_data ?? '').includes('Eddystone'));
    } finally {
      await check.close();
    }
    // The database files, the key and the data directory itself are private again; blobs and
    // their folders are made private on creation and sit inside the private data directory.
    const tightened = modesUnder(db.dataDir).filter((m) => m.file === '.' || !m.file.startsWith('blobs'));
    for (const { file, directory, mode } of tightened) {
      assert.equal(mode.toString(8), (directory ? 0o700 : 0o600).toString(8), `after restart: ${file} is ${mode.toString(8)}`);
    }
  } finally {
    await server.stop();
    await db.drop();
  }
});
