// Load benchmark: Verity against a bare Fastify server on the same machine, in the same run.
//
//   npm run bench                                  (builds first, then runs this file)
//   BENCH_DURATION=3 ROUNDS=1 node bench/run.mjs   (quick check; needs a fresh `npm run build`)
//
// Both servers run as child processes; autocannon runs here, in a third process. Runs alternate
// (bare, Verity, bare, Verity, ...) so slow drift of the machine hits both sides alike, and each
// Verity route is reported as a percentage of the bare server's requests/s. See bench/README.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuSnapshot, freePort, otherCpuShare, sleep, tail, trackPeakRss } from './lib/machine.mjs';
import { failures, formatInt, isNoisy, pct, report } from './lib/report.mjs';

/**
 * The Verity routes under load, run in this order in every round. One line per route:
 * `headers` receives the sandbox tenant's access token; `body` (a string, optional) is sent as is,
 * so a POST route also sets its content-type in `headers`.
 */
const ROUTES = [
  { name: 'GET /v1/tenant', method: 'GET', path: '/v1/tenant', headers: (token) => ({ authorization: `Bearer ${token}` }), expectStatus: 200 },
];

/** The baseline: always GET /hello on bench/bare-server.mjs. */
const BARE = { name: 'bare GET /hello', method: 'GET', path: '/hello', headers: () => ({}), expectStatus: 200 };

const SETTINGS = {
  connections: 50,
  durationSeconds: wholeNumberEnv('BENCH_DURATION', 10),
  rounds: wholeNumberEnv('ROUNDS', 2),
  warmupSeconds: wholeNumberEnv('BENCH_WARMUP', 2, { allowZero: true }),
  /** Verity req/s as a share of bare req/s. */
  target: 0.6,
  /** A run where more than this share of requests failed makes the bench exit non-zero. */
  heavyFailureShare: 0.01,
  /** CPU used by processes other than the bench above this share of the machine is reported. */
  noisyOtherCpuShare: 0.05,
};
const READY_TIMEOUT_MS = 30_000;
const PAUSE_BETWEEN_RUNS_MS = 500;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');

/** A failure with a message meant for the person running the bench: printed without a stack. */
class BenchError extends Error {}

const servers = [];
let dataDir;
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
  const { connections, durationSeconds, rounds, warmupSeconds } = SETTINGS;
  console.log(
    `Node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} CPUs (${cpuModel}); ` +
      `autocannon runs in this process and shares those ${cpus.length} cores with both servers.`,
  );
  console.log(
    `${connections} connections, ${durationSeconds} s per run, ${rounds} round(s) alternating bare/Verity` +
      `${warmupSeconds > 0 ? `, ${warmupSeconds} s unrecorded warm-up per target` : ''}.`,
  );

  // A second of the machine at rest: anything busy now will also be busy during the runs.
  const atRest = cpuSnapshot([]);
  await sleep(1000);
  const otherCpuShareBeforeRun = otherCpuShare(atRest, cpuSnapshot([]));
  if (otherCpuShareBeforeRun !== null && otherCpuShareBeforeRun > SETTINGS.noisyOtherCpuShare) {
    console.log(`NOISE  other processes used ${pct(otherCpuShareBeforeRun)} of the CPUs just before the run; expect noisy numbers.`);
  }

  // Overwritten by every run: at `info`, Verity logs several MB per second of load.
  const logs = { verity: path.join(resultsDir, 'verity.log'), bare: path.join(resultsDir, 'bare.log') };
  const [verityPort, barePort] = [await freePort(), await freePort()];
  const verity = startServer('Verity', ['bin/verity.js', 'serve'], verityEnv(verityPort, dataDir), logs.verity);
  const bare = startServer('bare server', ['bench/bare-server.mjs'], { ...process.env, PORT: String(barePort) }, logs.bare);
  const verityUrl = `http://127.0.0.1:${verityPort}`;
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await Promise.all([waitReady(verity, `${verityUrl}/healthz`), waitReady(bare, `${bareUrl}/hello`)]);
  console.log(`Verity on ${verityUrl} (log: ${path.relative(repoRoot, logs.verity)}), bare on ${bareUrl}.`);

  const token = await accessToken(verityUrl, readSandboxCredentials(dataDir));
  await preflight(bare, bareUrl, BARE, token);
  for (const route of ROUTES) await preflight(verity, verityUrl, route, token);

  const targets = [
    { ...BARE, server: bare, baseUrl: bareUrl, runs: [] },
    ...ROUTES.map((route) => ({ ...route, server: verity, baseUrl: verityUrl, runs: [] })),
  ];
  if (warmupSeconds > 0) {
    for (const target of targets) await load(target, token, warmupSeconds, 'warm-up');
  }
  for (let round = 1; round <= rounds; round++) {
    for (const target of targets) target.runs.push(await load(target, token, durationSeconds, `round ${round}/${rounds}`));
  }
  for (const server of servers) server.peakRssBytes = server.rss.peakBytes();

  // ISO 8601 time with '-' for ':', so the name is valid on every file system.
  const jsonFile = path.join(resultsDir, `${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const meta = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel,
    otherCpuShareBeforeRun,
    logs: { verity: path.relative(repoRoot, logs.verity), bare: path.relative(repoRoot, logs.bare) },
  };
  const outcome = report(targets, SETTINGS, meta, jsonFile);
  console.log(`\nresults: ${path.relative(repoRoot, jsonFile)}`);
  if (outcome.heavyFailures) {
    console.error(`\nMore than ${pct(SETTINGS.heavyFailureShare)} of requests failed in at least one run; those numbers do not measure the route.`);
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Servers

function startServer(name, args, env, logFile) {
  // The child writes straight to the file: the driver spends no CPU relaying log lines.
  const fd = fs.openSync(logFile, 'w');
  let child;
  try {
    child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const server = { name, child, pid: child.pid, logFile, exit: undefined, spawnError: undefined, peakRssBytes: null };
  server.rss = trackPeakRss(child.pid);
  child.on('exit', (code, signal) => {
    server.exit = { code, signal };
  });
  child.on('error', (error) => {
    server.spawnError = error;
    server.exit ??= { code: null, signal: null };
  });
  servers.push(server);
  return server;
}

/**
 * Verity with its defaults: sandbox mode, SQLite in a fresh temp dir, `info` logging. Settings
 * from the caller's shell that would point it elsewhere (DATABASE_URL, VERITY_*) are dropped.
 */
function verityEnv(port, dir) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('VERITY_') || ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL'].includes(name)) continue;
    env[name] = value;
  }
  return { ...env, PORT: String(port), HOST: '127.0.0.1', VERITY_DATA_DIR: dir, VERITY_MODE: 'sandbox', LOG_LEVEL: 'info' };
}

async function waitReady(server, url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    assertAlive(server, 'while starting');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new BenchError(
        `${server.name} did not answer 200 on ${url} within ${READY_TIMEOUT_MS / 1000} s. ` +
          `End of ${path.relative(repoRoot, server.logFile)}:\n${tail(server.logFile)}`,
      );
    }
    await sleep(100);
  }
}

function assertAlive(server, when) {
  if (server.exit === undefined) return;
  const how = server.spawnError
    ? `could not be started (${server.spawnError.message})`
    : `exited ${when} (${server.exit.signal ? `signal ${server.exit.signal}` : `code ${server.exit.code}`})`;
  throw new BenchError(`${server.name} ${how}. End of ${path.relative(repoRoot, server.logFile)}:\n${tail(server.logFile)}`);
}

async function stopServer(server) {
  server.rss.stop();
  if (server.exit !== undefined) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function cleanup() {
  cleanupPromise ??= (async () => {
    await Promise.all(servers.map(stopServer));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  })();
  return cleanupPromise;
}

// ---------------------------------------------------------------------------------------------
// Requests

function readSandboxCredentials(dir) {
  const file = path.join(dir, 'sandbox-credentials.json');
  let credentials;
  try {
    credentials = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BenchError(`Could not read ${file}: ${error.message}`);
  }
  if (typeof credentials.key !== 'string' || typeof credentials.secret !== 'string') {
    throw new BenchError(`${file} has no key and secret.`);
  }
  return credentials;
}

async function accessToken(baseUrl, { key, secret }) {
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const text = await response.text();
  if (response.status !== 200) throw new BenchError(`POST /token answered ${response.status}: ${text}`);
  const token = JSON.parse(text).access_token;
  if (typeof token !== 'string') throw new BenchError(`POST /token answered without an access_token: ${text}`);
  return token;
}

/** One request before the load, so a broken route fails in a second, with its answer shown. */
async function preflight(server, baseUrl, route, token) {
  const response = await fetch(`${baseUrl}${route.path}`, { method: route.method, headers: route.headers(token), body: route.body });
  const text = await response.text();
  if (response.status !== route.expectStatus) {
    throw new BenchError(`${route.name} on ${server.name} answered ${response.status}, expected ${route.expectStatus}: ${text.slice(0, 500)}`);
  }
}

async function load(target, token, seconds, label) {
  process.stdout.write(`  ${label.padEnd(12)} ${target.name} ... `);
  const pids = servers.map((server) => server.pid);
  const cpuBefore = cpuSnapshot(pids);
  const result = await autocannon({
    url: `${target.baseUrl}${target.path}`,
    method: target.method,
    headers: target.headers(token),
    body: target.body,
    connections: SETTINGS.connections,
    duration: seconds,
  });
  const otherCpu = otherCpuShare(cpuBefore, cpuSnapshot(pids));
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

function wholeNumberEnv(name, fallback, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || (!allowZero && value === 0)) {
    console.error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} whole number of ${name === 'ROUNDS' ? 'rounds' : 'seconds'}, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Entry point: last in the file, so every module-level constant above is initialised first.

function interrupt(signal, exitCode) {
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
  console.error(`\nbench failed: ${error instanceof BenchError ? error.message : (error?.stack ?? error)}`);
  await cleanup();
  process.exit(1);
}
