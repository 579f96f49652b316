// Seeds the sandbox tenant with customers before the load, so the customer routes run against a
// database of realistic size (BENCH_CUSTOMERS, 100,000 by default).
//
// The first customers are created through Verity's own service (`verity.customers.create`), one
// transaction each, exactly as `POST /v1/customers` creates them. They are the templates: every
// other customer is a copy of one of them, written in batched multi-row inserts, with its own id,
// number, email, creation time, freshly sealed personal data (a new data key per customer) and
// verification fingerprint, and copies of the template's history, verification-attempt and event
// rows. Copying what the service wrote (rather than rebuilding the rows here) keeps the bulk rows
// in step with the service; the checks in `checkTemplate` and the read-back at the end stop the
// bench when they drift apart.
//
// Runs in the driver process, against the same data directory (master key) and database as the
// Verity server under test, after that server has started once (it migrates and creates the
// sandbox tenant), through its own connection, closed before the load starts.
import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';

/** Customers created through the service, at most; the rest are copies of these. */
const TEMPLATES = 200;
/** Customers built and inserted at a time (and per transaction on PostgreSQL). */
const CHUNK = 2000;
/** PostgreSQL transactions in flight at once (the pool has 10 connections). */
const PG_CONCURRENCY = 3;
/** Bound parameters per INSERT statement: well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 16_000;
/** Bulk customers are backdated one minute apart, so the oldest is COUNT minutes old. */
const CREATED_STEP_MS = 60_000;
/** Rows that accompany a customer and are copied from its template. */
const RECORD_TABLES = ['customer_history', 'verification_attempts', 'events'];

const FIRST_NAMES = ['Jane', 'John', 'Maria', 'David', 'Aisha', 'Wei', 'Olga', 'Carlos', 'Fatima', 'Liam', 'Priya', 'Noah', 'Emma', 'Hiro', 'Sofia', 'Kwame', 'Anna', 'Omar', 'Grace', 'Lucas'];
const LAST_NAMES = ['Doe', 'Smith', 'Garcia', 'Nguyen', 'Okafor', 'Chen', 'Petrova', 'Silva', 'Haddad', 'Murphy', 'Sharma', 'Cohen', 'Rossi', 'Tanaka'];

/** The i-th template: a personal customer that the rules verifier verifies, like the POST route's body. */
function personalCustomer(email, i) {
  return {
    type: 'personal',
    firstName: FIRST_NAMES[i % FIRST_NAMES.length],
    lastName: LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length],
    email,
    address1: '99-99 33rd St',
    city: 'Some City',
    state: 'NY',
    postalCode: '11101',
    dateOfBirth: `${1950 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    ssn: String(1000 + ((i * 7919) % 9000)),
  };
}

const seedEmail = (i) => `seed-${i}@bench.example.com`;

/**
 * Opens the database Verity's `env` points at (with the master key of its data directory).
 * `seed` fills it; `close` closes it, also while seeding (the seeding then fails), and may be
 * called more than once: the driver calls it before dropping a PostgreSQL database under it.
 */
export async function openSeeder({ repoRoot, env }) {
  const dist = await distModules(repoRoot);
  const config = dist.loadConfig(env);
  const verity = dist.compose(config);
  let closed;
  return {
    seed: ({ tenantId, count }) => seedCustomers(dist, config, verity, tenantId, count),
    close: () => (closed ??= verity.close()),
  };
}

/** Seeds `count` verified personal customers of `tenantId`; answers their ids (and emails and numbers) and how long it took. */
async function seedCustomers(dist, config, verity, tenantId, count) {
  const startedAt = performance.now();
  await dist.migrateToLatest(verity.store.db);
  const db = verity.store.db;
  const sqlite = verity.store.engine === 'sqlite';
  if (sqlite) {
    // For this connection only (the server keeps its own settings). The indexes on random keys
    // (ids, numbers, emails) outgrow SQLite's default 2 MB page cache, after which every insert
    // rereads pages; a throwaway database needs no fsync; and one checkpoint at the end copies
    // each page once instead of again after every 1,000 pages written.
    await sql`pragma cache_size = -262144`.execute(db);
    await sql`pragma synchronous = OFF`.execute(db);
    await sql`pragma wal_autocheckpoint = 0`.execute(db);
  }
  const masterKey = dist.resolveMasterKey(config);
  const vault = new dist.PiiVault(dist.deriveKey(masterKey, 'customer-data-keys'));
  const fingerprintKey = dist.deriveKey(masterKey, 'verification-fingerprint');
  const actor = { kind: 'tenant', id: tenantId };

  // 1. Templates, through the service.
  const templateCount = Math.min(TEMPLATES, count);
  const ids = [];
  /** Every seeded customer's id, email and number, for the routes that find customers by those. */
  const seeded = [];
  for (let i = 0; i < templateCount; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(i + 10, templateCount); j++) {
      batch.push(verity.customers.create(tenantId, personalCustomer(seedEmail(j), j), actor));
    }
    for (const customer of await Promise.all(batch)) {
      if (customer.status !== 'verified') {
        throw new Error(`seeding: template customer ${customer.email} came out ${customer.status}, not verified`);
      }
      ids.push(customer.id);
      seeded.push({ id: customer.id, email: customer.email, number: customer.number });
    }
  }
  const viaServiceSeconds = (performance.now() - startedAt) / 1000;

  // 2. Everything about the templates, as stored.
  const templates = await loadTemplates(db, ids);
  const usedNumbers = new Set(templates.map((t) => Number(t.customer.number)));
  for (const [i, template] of templates.entries()) {
    template.input = dist.normalizeCustomerInput(personalCustomer(seedEmail(i), i));
    template.secrets = vault.open(template.customer.id, { wrappedKey: template.customer.data_key, ciphertext: template.customer.pii });
    checkTemplate(template, (input) => dist.keyedDigest(fingerprintKey, dist.fingerprintFields(input)));
  }

  // 3. The bulk: copies of the templates, built and inserted CHUNK customers at a time. On SQLite
  // in one transaction (several would rewrite most index pages each time); on PostgreSQL one
  // transaction per chunk, a few at once.
  const bulkCount = count - templateCount;
  const oldest = Date.now() - bulkCount * CREATED_STEP_MS;
  const chunks = [];
  for (let first = templateCount; first < count; first += CHUNK) chunks.push([first, Math.min(first + CHUNK, count)]);
  const writeChunk = async (trx, [first, end]) => {
    const rows = { customers: [], customer_history: [], verification_attempts: [], events: [] };
    for (let i = first; i < end; i++) {
      const template = templates[i % templates.length];
      const id = randomUUID();
      const createdAt = new Date(oldest + (i - templateCount) * CREATED_STEP_MS).toISOString();
      const email = seedEmail(i);
      let number;
      do number = randomInt(1, 2_147_483_648);
      while (usedNumbers.has(number));
      usedNumbers.add(number);
      const sealed = vault.sealNew(id, template.secrets);
      const fingerprint = dist.keyedDigest(fingerprintKey, dist.fingerprintFields({ ...template.input, email }));

      rows.customers.push({
        ...template.customer,
        id,
        number,
        email,
        email_key: email.toLowerCase(),
        search_text: searchText({ ...template.customer, email }),
        pii: sealed.ciphertext,
        data_key: sealed.wrappedKey,
        created_at: createdAt,
        updated_at: createdAt,
      });
      for (const table of RECORD_TABLES) {
        for (const record of template.records[table]) {
          rows[table].push({
            ...record,
            id: randomUUID(),
            customer_id: id,
            ...('resource_id' in record && { resource_id: id }),
            ...('fingerprint' in record && { fingerprint }),
            created_at: createdAt,
          });
        }
      }
      ids.push(id);
      seeded.push({ id, email, number });
    }
    // Parents first: the record tables reference customers.
    for (const table of ['customers', ...RECORD_TABLES]) await insertMany(trx, table, rows[table]);
  };
  if (sqlite) {
    await db.transaction().execute(async (trx) => {
      for (const chunk of chunks) await writeChunk(trx, chunk);
    });
    // Now rather than at the server's first write, which would be during a measured run.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  } else {
    for (let next = 0; next < chunks.length; next += PG_CONCURRENCY) {
      const group = chunks.slice(next, next + PG_CONCURRENCY);
      await Promise.all(group.map((chunk) => db.transaction().execute((trx) => writeChunk(trx, chunk))));
    }
    // What autovacuum does soon after such a load; without it the planner has no statistics.
    await sql`analyze`.execute(db);
  }

  // 4. Read back through the service: the copies must be real customers of the tenant.
  for (const id of [ids[ids.length - 1], ids[Math.floor(ids.length / 2)]]) {
    const status = await verity.customers.status(tenantId, id);
    if (status.status !== 'verified') throw new Error(`seeding: customer ${id} reads back as ${status.status}, not verified`);
  }
  const history = await verity.customers.history(tenantId, ids[ids.length - 1]);
  if (history.length !== templates[(count - 1) % templates.length].records.customer_history.length) {
    throw new Error('seeding: a copied customer reads back with a different history than its template');
  }
  return {
    ids,
    customers: seeded,
    count,
    viaService: templateCount,
    viaServiceSeconds,
    bulk: bulkCount,
    seconds: (performance.now() - startedAt) / 1000,
  };
}

async function distModules(repoRoot) {
  const load = (file) => import(pathToFileURL(path.join(repoRoot, 'dist', file)).href);
  const [compose, config, migrator, masterKey, secrets, piiVault, rules, identity] = await Promise.all([
    load('compose.js'),
    load('config.js'),
    load('store/migrator.js'),
    load('adapters/crypto/master-key.js'),
    load('adapters/crypto/secrets.js'),
    load('adapters/crypto/pii-vault.js'),
    load('domain/customer/customer-rules.js'),
    load('domain/verification/identity-fields.js'),
  ]);
  return {
    compose: compose.compose,
    loadConfig: config.loadConfig,
    migrateToLatest: migrator.migrateToLatest,
    resolveMasterKey: masterKey.resolveMasterKey,
    deriveKey: secrets.deriveKey,
    keyedDigest: secrets.keyedDigest,
    PiiVault: piiVault.PiiVault,
    normalizeCustomerInput: rules.normalizeCustomerInput,
    fingerprintFields: identity.fingerprintFields,
  };
}

/** The templates' rows in every table a customer's creation writes, in the order of `ids`. */
async function loadTemplates(db, ids) {
  const byId = (rows, column = 'customer_id') => {
    const map = new Map(ids.map((id) => [id, []]));
    for (const row of rows) map.get(row[column])?.push(row);
    return map;
  };
  const customers = byId(await db.selectFrom('customers').selectAll().where('id', 'in', ids).execute(), 'id');
  const records = {};
  for (const table of RECORD_TABLES) {
    records[table] = byId(await db.selectFrom(table).selectAll().where('customer_id', 'in', ids).execute());
  }
  return ids.map((id) => ({
    customer: customers.get(id)[0],
    records: Object.fromEntries(RECORD_TABLES.map((table) => [table, records[table].get(id)])),
  }));
}

/**
 * The columns the copies recompute must hold what the service stored for the template; if not,
 * the service changed how it writes them and this file must follow.
 */
function checkTemplate(template, fingerprintOf) {
  const { customer, records } = template;
  const problems = [];
  if (customer === undefined || !template.customer.data_key) problems.push('the customer or its data key is missing');
  else {
    if (customer.email_key !== customer.email.toLowerCase()) problems.push('email_key');
    if (customer.search_text !== searchText(customer)) problems.push('search_text');
    if (customer.created_at !== customer.updated_at) problems.push('created_at/updated_at');
  }
  for (const table of RECORD_TABLES) {
    for (const record of records[table] ?? []) {
      if (record.created_at !== customer?.created_at) problems.push(`${table}.created_at`);
      if ('resource_id' in record && record.resource_id !== customer?.id) problems.push(`${table}.resource_id`);
    }
  }
  for (const attempt of records.verification_attempts ?? []) {
    if (attempt.fingerprint !== fingerprintOf(template.input)) problems.push('verification_attempts.fingerprint');
  }
  if (problems.length > 0) {
    throw new Error(
      `seeding: the service stores customers differently from what bench/lib/seed.mjs copies (${[...new Set(problems)].join(', ')}); update the seeding`,
    );
  }
}

function searchText(row) {
  return [row.first_name, row.last_name, row.email, row.business_name ?? ''].join(' ').toLowerCase();
}

async function insertMany(trx, table, rows) {
  if (rows.length === 0) return;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    await trx.insertInto(table).values(rows.slice(i, i + perStatement)).execute();
  }
}
