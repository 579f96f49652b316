// Screening against the database, with Verity's own services (dist/) on SQLite: importing a list
// of OFAC's size, a full rescreen of the customer base, and the rescreen after an import that
// changed 500 entries, each against its target.
//
//   npm run bench:screening                               (builds, then runs both screening benches)
//   SCREENING_DB_CUSTOMERS=20000 node bench/screening-db.mjs
//
// The customers are seeded as the load bench seeds them (bench/lib/seed.mjs); the list is the
// synthetic one of bench/screening.mjs, written as OpenSanctions JSON lines and imported through
// the same service `verity lists import` uses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSeeder } from './lib/seed.mjs';
import { cleanCustomers, plantedCustomers, syntheticList } from './lib/synthetic-list.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const envInt = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const small = envInt('BENCH_CUSTOMERS', 100_000) < 10_000;
const SETTINGS = {
  customers: envInt('SCREENING_DB_CUSTOMERS', small ? 2_000 : 100_000),
  entries: envInt('SCREENING_DB_ENTRIES', small ? 2_000 : 18_000),
  changed: envInt('SCREENING_DB_CHANGED', small ? 50 : 500),
};
const TARGETS = { importS: 10, fullS: 60, diffS: 5 };

const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const [{ compose }, { loadConfig }, { migrateToLatest }] = await Promise.all([load('compose.js'), load('config.js'), load('store/migrator.js')]);

/** A list as FollowTheMoney JSON lines, one entity per line. */
function ftmLines(entries) {
  return entries
    .map((entry) =>
      JSON.stringify({
        id: entry.entityId,
        schema: entry.kind === 'person' ? 'Person' : 'Organization',
        properties: {
          name: [entry.names[0].full],
          alias: entry.names.slice(1).filter((n) => n.strength === 'strong').map((n) => n.full),
          weakAlias: entry.names.slice(1).filter((n) => n.strength === 'weak').map((n) => n.full),
          birthDate: entry.datesOfBirth,
          country: entry.countries.map((c) => c.toLowerCase()),
          program: entry.programs,
        },
      }),
    )
    .join('\n');
}

const seconds = (started) => (performance.now() - started) / 1000;

/**
 * The seeder copies a few hundred template customers, so their names repeat; a real customer base
 * does not. Each customer is renamed after the bench's clean customers (common names of several
 * cultures), and one in two hundred after a list entry's perturbed name, so rescreens meet hits.
 */
async function renameCustomers(db, tenantId, list) {
  const rows = await db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).orderBy('id').execute();
  const clean = cleanCustomers(list, rows.length, 11);
  const planted = plantedCustomers(list, Math.ceil(rows.length / 200 / 4), 12).filter((p) => p.subject.kind === 'person');
  await db.transaction().execute(async (trx) => {
    for (const [i, row] of rows.entries()) {
      const subject = i % 200 === 0 && planted.length > 0 ? planted[(i / 200) % planted.length].subject : clean[i];
      const tokens = subject.names[0].split(' ');
      const firstName = tokens.slice(0, -1).join(' ') || tokens[0];
      const lastName = tokens.at(-1);
      await trx
        .updateTable('customers')
        .set({ first_name: firstName, last_name: lastName, country: subject.country ?? null, search_text: `${firstName} ${lastName}`.toLowerCase() })
        .where('id', '=', row.id)
        .execute();
    }
  });
  return Math.ceil(rows.length / 200);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-screening-bench-'));
const env = { VERITY_DATA_DIR: dataDir, LOG_LEVEL: 'silent', VERITY_SCREENING_RESCREEN_HOURS: '0' };
const verity = compose(loadConfig(env));
try {
  await migrateToLatest(verity.store.db);
  const { tenant } = await verity.tenants.create({ name: 'screening bench' });
  const seeder = await openSeeder({ repoRoot: root, env });
  const seeding = performance.now();
  await seeder.seed({ tenantId: tenant.id, count: SETTINGS.customers });
  await seeder.close();
  const list = syntheticList(SETTINGS.entries, 7);
  const renamed = await renameCustomers(verity.store.db, tenant.id, list);
  console.log(`Seeded ${SETTINGS.customers} customers in ${seconds(seeding).toFixed(1)} s (${renamed} of them near-duplicates of list entries); list of ${SETTINGS.entries} entries.`);

  const file = (entries) => [{ name: 'entities.ftm.json', bytes: Buffer.from(ftmLines(entries)) }];
  const files = file(list);
  const rssBefore = process.memoryUsage().rss;
  let started = performance.now();
  const first = await verity.screening.imports.import({ source: 'opensanctions', files, importedBy: 'bench' });
  const importS = seconds(started);
  started = performance.now();
  const firstRun = await verity.screening.rescreens.afterImport(first);
  const firstRunS = seconds(started);
  const rss = process.memoryUsage().rss;

  started = performance.now();
  const full = await verity.screening.rescreens.full();
  const fullS = seconds(started);

  // A new publication: some entries' primary names respelled, as a list's corrections do.
  const changed = list.map((entry, i) =>
    i % Math.floor(list.length / SETTINGS.changed) === 0 && i / Math.floor(list.length / SETTINGS.changed) < SETTINGS.changed
      ? { ...entry, names: [{ ...entry.names[0], full: `${entry.names[0].full}a` }, ...entry.names.slice(1)] }
      : entry,
  );
  started = performance.now();
  const second = await verity.screening.imports.import({ source: 'opensanctions', files: file(changed), importedBy: 'bench' });
  const secondImportS = seconds(started);
  started = performance.now();
  const diff = await verity.screening.rescreens.afterImport(second);
  const diffS = seconds(started);

  const row = (what, value, target) => `| ${what.padEnd(58)} | ${value.padStart(12)} | ${target.padStart(8)} | ${target === '' ? '' : ''}`;
  const verdict = (value, target) => (value <= target ? 'PASS' : 'MISS');
  console.log('');
  console.log(`| ${'screening with the database (SQLite)'.padEnd(58)} | ${'measured'.padStart(12)} | ${'target'.padStart(8)} |`);
  console.log(`| ${'-'.repeat(58)} | ${'-'.repeat(12)} | ${'-'.repeat(8)} |`);
  console.log(row(`import of ${first.version.entityCount} entries (read, digest, store)`, `${importS.toFixed(2)} s`, `${TARGETS.importS} s`) + verdict(importS, TARGETS.importS));
  console.log(row(`first rescreen: ${firstRun?.screened} customers, every entry new`, `${firstRunS.toFixed(2)} s`, ''));
  console.log(row(`full rescreen: ${full?.screened} customers × ${full?.entries} entries`, `${fullS.toFixed(2)} s`, `${TARGETS.fullS} s`) + verdict(fullS, TARGETS.fullS));
  console.log(row(`import of the next version (${second.version.diff.changed} changed)`, `${secondImportS.toFixed(2)} s`, ''));
  console.log(row(`diff rescreen: ${diff?.screened} customers × ${diff?.entries} changed entries`, `${diffS.toFixed(2)} s`, `${TARGETS.diffS} s`) + verdict(diffS, TARGETS.diffS));
  console.log(row('process RSS after the list is loaded', `${Math.round(rss / 1e6)} MB`, ''));
  console.log(row('RSS growth per list entry (import, index)', `${Math.round((rss - rssBefore) / SETTINGS.entries)} B`, ''));
  console.log(row('customers with hits after the runs', String(full?.hits ?? 0), ''));
} finally {
  await verity.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
