import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type ApiClient, apiClient, business, personal } from '../support/api.js';
import { collectedLog, startTestApp, type TestApp } from '../support/test-app.js';

const SSN = '123456781';
const DOB = '1979-03-14';
const CONTROLLER_SSN = '987654329';
const CONTROLLER_DOB = '1966-07-08';
const PASSPORT = 'X9817263';

let t: TestApp;
let api: ApiClient;
const { destination: logDestination, lines: logLines } = collectedLog();
before(async () => {
  t = await startTestApp('pii', { LOG_LEVEL: 'trace' }, { logDestination });
  api = apiClient(t, await t.token());
  const person = await api.post('/v1/customers', personal({ ssn: '123-45-6781', dateOfBirth: DOB }));
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const controller = { ...(business().controller as Record<string, unknown>), ssn: CONTROLLER_SSN, dateOfBirth: CONTROLLER_DOB };
  assert.equal((await api.post('/v1/customers', business({ controller }))).status, 201);
  const foreign = {
    ...controller,
    ssn: undefined,
    passport: { number: PASSPORT, country: 'DE' },
    address: { address1: 'Unter den Linden 1', city: 'Berlin', stateProvinceRegion: 'Berlin', postalCode: '10117', country: 'DE' },
  };
  assert.equal((await api.post('/v1/customers', business({ controller: foreign }))).status, 201);
  // A bad request carrying an SSN must not log it either.
  await api.post('/v1/customers', personal({ ssn: '123-45-6781', dateOfBirth: 'soon' }));
});
after(() => t.close());

const SECRETS = [SSN, '123-45-6781', DOB, CONTROLLER_SSN, CONTROLLER_DOB, PASSPORT];

test('the API never returns an SSN, a date of birth or a passport number', async () => {
  const list = JSON.stringify((await api.get('/v1/customers?limit=200')).body);
  for (const secret of SECRETS) assert.ok(!list.includes(secret), secret);
  assert.ok(list.includes('"ssnLast4":"6781"'));
});

test('no table holds an SSN, a date of birth or a passport number in plaintext', async () => {
  for (const table of ['customers', 'customer_history', 'verification_attempts', 'events', 'idempotency_keys']) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.verity.store.db);
    const text = JSON.stringify(rows.rows);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${table} holds ${secret}`);
  }
});

test('the SQLite files on disk hold none of them either', () => {
  const files = fs.readdirSync(t.db.dataDir).filter((name) => name.startsWith('verity.db'));
  if (files.length === 0) return; // PostgreSQL: covered by the table scan above
  for (const name of files) {
    const bytes = fs.readFileSync(path.join(t.db.dataDir, name));
    for (const secret of SECRETS) assert.ok(!bytes.includes(Buffer.from(secret)), `${name} holds ${secret}`);
  }
});

test('the logs hold none of them', () => {
  const log = logLines.join('');
  assert.ok(log.length > 0);
  for (const secret of SECRETS) assert.ok(!log.includes(secret), `log holds ${secret}`);
});
