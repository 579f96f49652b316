/* eslint-disable max-lines -- the route table with each route's target is the bench's specification and reads best whole, beside the run that measures it; the machinery is in bench/lib/. */
// Load benchmark: Verity against a bare Fastify server on the same machine, in the same run.
//
//   npm run bench                                  (builds first, then runs this file)
//   BENCH_DURATION=3 ROUNDS=1 BENCH_CUSTOMERS=5000 node bench/run.mjs
//                                                  (quick check; needs a fresh `npm run build`)
//
// Both servers run as child processes; autocannon runs here, in a third process. Verity runs on
// SQLite, then on PostgreSQL, each time with BENCH_CUSTOMERS customers seeded first. Runs alternate
// (bare, route 1, bare, route 2, ...) so drift of the machine hits both sides alike, and each
// Verity route is reported as a percentage of the requests/s of the bare runs just before its own.
// See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuSnapshot, freePort, otherCpuShare, sleep } from './lib/machine.mjs';
import { createDatabase, redactedUrl } from './lib/postgres.mjs';
import { failures, formatInt, isNoisy, pct, report } from './lib/report.mjs';
import { openSeeder } from './lib/seed.mjs';
import { accessToken, preflight, readSandboxCredentials, requestOf } from './lib/requests.mjs';
import { assertAlive, BenchError, spawnServer, stopServer, waitReady } from './lib/servers.mjs';
import { measureUploads } from './lib/uploads.mjs';
import { measureWebhooks } from './lib/webhooks.mjs';
import { personalCustomer } from './lib/customers.mjs';

const bearer = (token) => ({ authorization: `Bearer ${token}` });

const NEW_CUSTOMER = personalCustomer();

/**
 * The Verity routes under load, run in this order in every round. One entry per route:
 * `headers` receives the sandbox tenant's access token; `path` and `body` (a string, sent as is,
 * so a POST route also sets its content-type in `headers`) are either fixed or functions of the
 * series (`customerIds`: the seeded customers' ids; `customers`: their ids, emails and numbers;
 * `credentials`: the sandbox tenant's key and secret; `uniqueEmail()`: a new email on every call),
 * called for every request. `paths` (or `requests`, with bodies) is a fixed list of requests that
 * autocannon cycles through instead. `target` is the share of bare req/s the route must reach on SQLite.
 */
const ROUTES = [
  { name: 'GET /v1/tenant', method: 'GET', path: '/v1/tenant', headers: bearer, expectStatus: 200, target: 0.6 },
  {
    name: 'GET /v1/customers/{id}/status',
    method: 'GET',
    path: ({ customerIds }) => `/v1/customers/${customerIds[Math.floor(Math.random() * customerIds.length)]}/status`,
    // Under load: 2,000 seeded customers picked at random, as a fixed list of requests that
    // autocannon cycles through. Building each request anew (setupRequest) costs the load
    // generator about as much CPU as the route costs the server, which would be measured too.
    paths: ({ customerIds }) =>
      Array.from({ length: 2000 }, () => `/v1/customers/${customerIds[Math.floor(Math.random() * customerIds.length)]}/status`),
    headers: bearer,
    expectStatus: 200,
    target: 0.4,
  },
  {
    name: 'GET /customers/{id} (Dwolla)',
    method: 'GET',
    path: ({ customerIds }) => `/customers/${customerIds[Math.floor(Math.random() * customerIds.length)]}`,
    paths: ({ customerIds }) => Array.from({ length: 2000 }, () => `/customers/${customerIds[Math.floor(Math.random() * customerIds.length)]}`),
    headers: (token) => ({ ...bearer(token), accept: 'application/vnd.dwolla.v1.hal+json' }),
    expectStatus: 200,
    target: 0.4,
  },
  {
    name: 'POST /v3/stable/api/storage getStatus (Veratad)',
    method: 'POST',
    path: '/v3/stable/api/storage',
    body: ({ customers, credentials }) => veratadGetStatus(pick(customers).email, credentials),
    // The key and secret travel in every body: the slow hash runs once, then a keyed digest.
    requests: ({ customers, credentials }) =>
      Array.from({ length: 2000 }, () => ({ path: '/v3/stable/api/storage', body: veratadGetStatus(pick(customers).email, credentials) })),
    headers: () => ({ 'content-type': 'application/json' }),
    expectStatus: 200,
    target: 0.4,
  },
  {
    name: 'GET /v2/customer/{id} (Delos)',
    method: 'GET',
    path: ({ customerIds }) => `/v2/customer/${pick(customerIds)}`,
    paths: ({ customerIds }) => Array.from({ length: 2000 }, () => `/v2/customer/${pick(customerIds)}`),
    headers: (token) => ({ ...bearer(token), accept: 'application/json' }),
    expectStatus: 200,
    target: 0.4,
  },
  {
    name: 'GET /User/{id}/status (10npay)',
    method: 'GET',
    path: ({ customers }) => `/User/${pick(customers).number}/status`,
    paths: ({ customers }) => Array.from({ length: 2000 }, () => `/User/${pick(customers).number}/status`),
    headers: (token) => ({ ...bearer(token), accept: 'application/json' }),
    expectStatus: 200,
    target: 0.4,
  },
  {
    name: 'POST /v1/customers',
    method: 'POST',
    path: '/v1/customers',
    headers: (token) => ({ ...bearer(token), 'content-type': 'application/json' }),
    body: ({ uniqueEmail }) => JSON.stringify({ ...NEW_CUSTOMER, email: uniqueEmail() }),
    expectStatus: 201,
    target: 0.08,
  },
];

/** A random element of a list. */
function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

function veratadGetStatus(email, { key, secret }) {
  return JSON.stringify({ user: key, pass: secret, service: 'getStatus', target: { email } });
}

/** The baseline: always GET /hello on bench/bare-server.mjs. */
const BARE = { name: 'bare GET /hello', method: 'GET', path: '/hello', headers: () => ({}), expectStatus: 200 };

const SETTINGS = {
  connections: 50,
  durationSeconds: wholeNumberEnv('BENCH_DURATION', 10, 'seconds'),
  rounds: wholeNumberEnv('ROUNDS', 2, 'rounds'),
  warmupSeconds: wholeNumberEnv('BENCH_WARMUP', 2, 'seconds', { allowZero: true }),
  /** Customers seeded into each database before the load. */
  customers: wholeNumberEnv('BENCH_CUSTOMERS', 100_000, 'customers'),
  /** The PostgreSQL series runs unless BENCH_POSTGRES=0. */
  postgres: process.env.BENCH_POSTGRES !== '0',
  /** Where the PostgreSQL series creates (and at the end drops) its database. */
  postgresUrl: process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  /** A run where more than this share of requests failed makes the bench exit non-zero. */
  heavyFailureShare: 0.01,
  /** CPU used by processes other than the bench above this share of the machine is reported. */
  noisyOtherCpuShare: 0.05,
  /** Document uploads (SQLite series, after the routes): batches of concurrent ~10 MiB uploads. */
  uploads: { concurrency: 10, batches: 3, rssGrowthLimitMiB: 64 },
  /** Webhook fan-out (each series, last): events, each delivered to 10 subscriptions. */
  webhooks: { events: wholeNumberEnv('BENCH_WEBHOOK_EVENTS', 500, 'events'), minDeliveriesPerSec: 1000, maxMedianMs: 50 },
};
const PAUSE_BETWEEN_RUNS_MS = 500;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');

const servers = [];
let dataDir;
/** The seeding's own connection to the database, while it is open. */
let seeder;
/** The PostgreSQL series' database while it exists: { name, url, drop() }. */
let postgresDatabase;
let cleanupPromise;

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'main.js'))) {
    throw new BenchError('dist/main.js is missing; run `npm run build` first (`npm run bench` does).');
  }
  const startedAt = new Date();
  fs.mkdirSync(resultsDir, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-bench-'));

  const cpus = os.cpus();
  const cpuModel = cpus[0]?.model.trim() ?? 'unknown CPU';
  const { connections, durationSeconds, rounds, warmupSeconds, customers } = SETTINGS;
  console.log(
    `Node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} CPUs (${cpuModel}); ` +
      `autocannon runs in this process and shares those ${cpus.length} cores with both servers.`,
  );
  console.log(
    `${connections} connections, ${durationSeconds} s per run, ${rounds} round(s) alternating bare/Verity` +
      `${warmupSeconds > 0 ? `, ${warmupSeconds} s unrecorded warm-up per target` : ''}; ` +
      `${formatInt(customers)} customers seeded into each database.`,
  );

  // A second of the machine at rest: anything busy now will also be busy during the runs.
  const atRest = cpuSnapshot([]);
  await sleep(1000);
  const otherCpuShareBeforeRun = otherCpuShare(atRest, cpuSnapshot([]));
  if (otherCpuShareBeforeRun !== null && otherCpuShareBeforeRun > SETTINGS.noisyOtherCpuShare) {
    console.log(`NOISE  other processes used ${pct(otherCpuShareBeforeRun)} of the CPUs just before the run; expect noisy numbers.`);
  }

  // Overwritten by every run: at `info`, Verity logs several MB per second of load.
  const logs = {
    verity: path.join(resultsDir, 'verity.log'),
    verityPostgres: path.join(resultsDir, 'verity-postgres.log'),
    bare: path.join(resultsDir, 'bare.log'),
  };
  const barePort = await freePort();
  const bare = startServer('bare server', ['bench/bare-server.mjs'], { ...process.env, PORT: String(barePort) }, logs.bare);
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitReady(bare, `${bareUrl}/hello`);
  await preflight(bare, bareUrl, BARE, '', {});
  const bareSide = { server: bare, baseUrl: bareUrl };

  const series = [];
  console.log(`\nSQLite series (bare on ${bareUrl})`);
  series.push(await runSeries({ label: 'SQLite', engine: 'sqlite', judged: true, bareSide, logFile: logs.verity, databaseUrl: undefined }));

  console.log('');
  const postgres = SETTINGS.postgres ? await createDatabase(SETTINGS.postgresUrl) : { skipped: 'BENCH_POSTGRES=0' };
  if (postgres.skipped) {
    console.log(`PostgreSQL series skipped: ${postgres.skipped}.`);
    series.push({ label: 'PostgreSQL', engine: 'postgres', skipped: postgres.skipped });
  } else {
    postgresDatabase = postgres;
    console.log(`PostgreSQL series (database ${postgres.name} on ${redactedUrl(SETTINGS.postgresUrl)}, dropped at the end)`);
    series.push(
      await runSeries({ label: 'PostgreSQL', engine: 'postgres', judged: false, bareSide, logFile: logs.verityPostgres, databaseUrl: postgres.url }),
    );
    await dropPostgresDatabase();
  }
  bare.peakRssBytes = bare.rss.peakBytes();

  // ISO 8601 time with '-' for ':', so the name is valid on every file system.
  const jsonFile = path.join(resultsDir, `${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const meta = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel,
    otherCpuShareBeforeRun,
    logs: Object.fromEntries(Object.entries(logs).map(([name, file]) => [name, path.relative(repoRoot, file)])),
  };
  const outcome = report(series, { ...SETTINGS, postgresUrl: redactedUrl(SETTINGS.postgresUrl) }, meta, jsonFile);
  console.log(`\nresults: ${path.relative(repoRoot, jsonFile)}`);
  if (outcome.heavyFailures) {
    console.error(`\nMore than ${pct(SETTINGS.heavyFailureShare)} of requests failed in at least one run; those numbers do not measure the route.`);
  }
  return outcome;
}

/**
 * One database engine: starts Verity on it (fresh data directory), seeds the customers, checks
 * every route once, then loads bare and the Verity routes in alternation. Verity is stopped at the
 * end; the bare server keeps running for the next series.
 */
async function runSeries({ label, engine, judged, bareSide, logFile, databaseUrl }) {
  const { durationSeconds, rounds, warmupSeconds } = SETTINGS;
  const dir = path.join(dataDir, engine);
  const port = await freePort();
  const env = { ...verityEnv(port, dir), ...(databaseUrl && { DATABASE_URL: databaseUrl }) };
  const verity = startServer(`Verity (${label})`, ['bin/verity.js', 'serve'], env, logFile);
  const verityUrl = `http://127.0.0.1:${port}`;
  await waitReady(verity, `${verityUrl}/healthz`);
  console.log(`  Verity on ${verityUrl} (log: ${path.relative(repoRoot, logFile)}).`);

  const credentials = readSandboxCredentials(dir);
  process.stdout.write(`  seeding ${formatInt(SETTINGS.customers)} customers ... `);
  let seed;
  try {
    seeder = await openSeeder({ repoRoot, env });
    seed = await seeder.seed({ tenantId: credentials.id, count: SETTINGS.customers });
  } catch (error) {
    console.log('failed');
    throw new BenchError(`Seeding the ${label} database failed: ${error?.stack ?? error}`);
  } finally {
    await seeder?.close();
    seeder = undefined;
  }
  assertAlive(verity, 'while seeding');
  console.log(
    `done in ${seed.seconds.toFixed(1)} s (${formatInt(seed.viaService)} through the service in ${seed.viaServiceSeconds.toFixed(1)} s, ` +
      `${formatInt(seed.bulk)} copied in batches).`,
  );

  const token = await accessToken(verityUrl, credentials);
  let emails = 0;
  const emailTag = `${process.pid}-${Date.now().toString(36)}`;
  const context = { customerIds: seed.ids, customers: seed.customers, credentials, uniqueEmail: () => `load-${emailTag}-${++emails}@bench.example.com` };
  for (const route of ROUTES) await preflight(verity, verityUrl, route, token, context);

  const countPostgres = engine === 'postgres';
  const targets = [
    { ...BARE, ...bareSide, context: {}, countPostgres, runs: [] },
    ...ROUTES.map((route) => ({ ...route, server: verity, baseUrl: verityUrl, context, countPostgres, runs: [], bareRuns: [] })),
  ];
  if (warmupSeconds > 0) {
    for (const target of targets) await load(target, token, warmupSeconds, 'warm-up');
  }
  // Every route run follows a bare run of its own: the machine's speed swings by a quarter within
  // a minute here, and a route is compared with the bare run next to it, not with one taken a
  // minute before (see bench/README.md).
  const [bareTarget, ...routeTargets] = targets;
  for (let round = 1; round <= rounds; round++) {
    for (const target of routeTargets) {
      const bareRun = await load(bareTarget, token, durationSeconds, `round ${round}/${rounds}`);
      bareTarget.runs.push(bareRun);
      target.bareRuns.push(bareRun);
      target.runs.push(await load(target, token, durationSeconds, `round ${round}/${rounds}`));
    }
  }
  let uploads;
  if (judged) {
    // Large uploads on the same, already loaded Verity: its memory growth over idle while it
    // streams them to the blob store, and the aggregate MB/s.
    const { concurrency, batches, rssGrowthLimitMiB: limitMiB } = SETTINGS.uploads;
    const { uniqueEmail } = context;
    uploads = await measureUploads({ server: verity, baseUrl: verityUrl, token, uniqueEmail, concurrency, batches, limitMiB, log: console.log });
    assertAlive(verity, 'during the uploads');
  }
  const webhooks = await measureWebhooks({ baseUrl: verityUrl, token, events: SETTINGS.webhooks.events, uniqueEmail: context.uniqueEmail, log: console.log });
  assertAlive(verity, 'during the webhook fan-out');
  await stopServer(verity);
  const seedSummary = { ...seed };
  delete seedSummary.ids;
  delete seedSummary.customers;
  const webhookTargets = { minDeliveriesPerSec: SETTINGS.webhooks.minDeliveriesPerSec, maxMedianMs: SETTINGS.webhooks.maxMedianMs };
  return { label, engine, judged, seed: seedSummary, targets, ...(uploads && { uploads }), webhooks: { ...webhooks, ...webhookTargets } };
}

// ---------------------------------------------------------------------------------------------
// Servers

/** Starts a server as a child process of the driver, stopped by `cleanup`. */
function startServer(name, args, env, logFile) {
  const server = spawnServer(name, args, env, logFile, repoRoot);
  servers.push(server);
  return server;
}

/**
 * Verity with its defaults (document reading apart): sandbox mode, SQLite in a fresh temp dir, `info` logging. Settings
 * from the caller's shell that would point it elsewhere (DATABASE_URL, VERITY_*) are dropped.
 */
function verityEnv(port, dir) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('VERITY_') || ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL'].includes(name)) continue;
    env[name] = value;
  }
  // Document reading is off unless BENCH_DOCUMENT_READING=on: it has its own bench, and readings
  // finishing in the background would add their events to the webhook fan-out's exact count.
  const reading = { VERITY_DOCUMENT_READING: process.env.BENCH_DOCUMENT_READING === 'on' ? 'on' : 'off' };
  return { ...env, ...reading, PORT: String(port), HOST: '127.0.0.1', VERITY_DATA_DIR: dir, VERITY_MODE: 'sandbox', LOG_LEVEL: 'info' };
}

async function dropPostgresDatabase() {
  const database = postgresDatabase;
  postgresDatabase = undefined;
  try {
    await database?.drop();
  } catch (error) {
    console.error(`Could not drop the PostgreSQL database ${database.name}: ${error.message}`);
  }
}

function cleanup() {
  cleanupPromise ??= (async () => {
    await Promise.all([...servers.map(stopServer), seeder?.close()]);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
    await dropPostgresDatabase();
  })();
  return cleanupPromise;
}

// ---------------------------------------------------------------------------------------------
// Load

async function load(target, token, seconds, label) {
  process.stdout.write(`  ${label.padEnd(12)} ${target.name} ... `);
  // The live servers, and during the PostgreSQL series the database server's processes.
  const pids = servers.filter((server) => server.exit === undefined).map((server) => server.pid);
  const also = { processNames: target.countPostgres ? ['postgres'] : [] };
  const cpuBefore = cpuSnapshot(pids, also);
  const dynamic = typeof target.path === 'function' || typeof target.body === 'function';
  const result = await autocannon({
    url: dynamic ? target.baseUrl : `${target.baseUrl}${target.path}`,
    method: target.method,
    headers: target.headers(token),
    connections: SETTINGS.connections,
    duration: seconds,
    ...(target.requests
      ? { requests: target.requests(target.context).map((request) => ({ method: target.method, ...request })) }
      : target.paths
      ? { requests: target.paths(target.context).map((path) => ({ method: target.method, path })) }
      : dynamic
        ? // autocannon calls setupRequest before every request it sends.
          { requests: [{ method: target.method, setupRequest: (request) => ({ ...request, ...requestOf(target, target.context) }) }] }
        : { body: target.body }),
  });
  const otherCpu = otherCpuShare(cpuBefore, cpuSnapshot(pids, also));
  assertAlive(target.server, `during ${target.name}`);

  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const run = {
    requestsPerSec: result.requests.average,
    responses: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unexpectedStatus: Object.entries(statusCodes).reduce((sum, [code, count]) => sum + (Number(code) === target.expectStatus ? 0 : count), 0),
    statusCodes,
    otherCpuShare: otherCpu,
  };
  const notes = [
    failures(run) > 0 ? 'failures, see below' : '',
    isNoisy(run, SETTINGS) ? `other processes used ${pct(otherCpu)} of the CPUs` : '',
  ].filter(Boolean);
  console.log(`${formatInt(run.requestsPerSec)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${notes.length ? `  (${notes.join('; ')})` : ''}`);
  await sleep(PAUSE_BETWEEN_RUNS_MS);
  return run;
}

function wholeNumberEnv(name, fallback, unit, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || (!allowZero && value === 0)) {
    console.error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} whole number of ${unit}, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Entry point: last in the file, so every module-level constant above is initialised first.

let interrupted = false;

function interrupt(signal, exitCode) {
  interrupted = true;
  console.error(`\n${signal}: stopping the servers.`);
  cleanup().finally(() => process.exit(exitCode));
}

process.once('SIGINT', () => interrupt('SIGINT', 130));
process.once('SIGTERM', () => interrupt('SIGTERM', 143));
// Last resort (an exit from anywhere else): no server may outlive the driver.
process.on('exit', () => {
  for (const server of servers) if (server.exit === undefined) server.child.kill('SIGKILL');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

try {
  const outcome = await main();
  await cleanup();
  process.exit(outcome.heavyFailures ? 1 : 0);
} catch (error) {
  // After Ctrl-C, whatever was under way fails as its servers and database go away: not news.
  if (!interrupted) console.error(`\nbench failed: ${error instanceof BenchError ? error.message : (error?.stack ?? error)}`);
  await cleanup();
  process.exit(1);
}
