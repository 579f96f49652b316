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
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

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

const CONNECTIONS = 50;
const TARGET = 0.6; // Verity req/s as a share of bare req/s
const DURATION = positiveInt('BENCH_DURATION', 10);
const ROUNDS = positiveInt('ROUNDS', 2);
const WARMUP = positiveInt('BENCH_WARMUP', 2, { allowZero: true });
const READY_TIMEOUT_MS = 30_000;
const PAUSE_BETWEEN_RUNS_MS = 500;
/** A run where more than this share of requests failed makes the bench exit non-zero. */
const HEAVY_FAILURE_SHARE = 0.01;
/** CPU used by processes other than the bench above this share of the machine is reported. */
const NOISY_OTHER_CPU_SHARE = 0.05;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');
const startedAt = new Date();
// ISO 8601 with ':' swapped for '-', so the name is valid on every file system.
const stamp = startedAt.toISOString().replace(/:/g, '-');

/** A failure with a message meant for the person running the bench: printed without a stack. */
class BenchError extends Error {}

const servers = [];
let dataDir;
let cleanupPromise;

process.once('SIGINT', () => interrupt('SIGINT', 130));
process.once('SIGTERM', () => interrupt('SIGTERM', 143));
// Last resort (e.g. process.exit from elsewhere): nothing may outlive the driver.
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

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'main.js'))) {
    throw new BenchError('dist/main.js is missing; run `npm run build` first (`npm run bench` does).');
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-bench-'));

  const cpus = os.cpus();
  const cpuModel = cpus[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `Node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} CPUs (${cpuModel}); ` +
      `autocannon runs in this process and shares those ${cpus.length} cores with both servers.`,
  );
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} round(s) alternating bare/Verity` +
      `${WARMUP > 0 ? `, ${WARMUP} s unrecorded warm-up per target` : ''}.`,
  );

  const before = cpuSnapshot();
  await sleep(1000);
  const idleMachineShare = otherCpuShare(before, cpuSnapshot());
  if (idleMachineShare !== null && idleMachineShare > NOISY_OTHER_CPU_SHARE) {
    console.log(`NOISE  other processes used ${pct(idleMachineShare)} of the CPUs just before the run; expect noisy numbers.`);
  }

  const [verityPort, barePort] = [await freePort(), await freePort()];
  // Overwritten by every run: at `info`, Verity logs several MB per second of load.
  const verityLog = path.join(resultsDir, 'verity.log');
  const bareLog = path.join(resultsDir, 'bare.log');

  const verity = startServer('Verity', ['bin/verity.js', 'serve'], verityEnv(verityPort, dataDir), verityLog);
  const bare = startServer('bare server', ['bench/bare-server.mjs'], { ...process.env, PORT: String(barePort) }, bareLog);
  const verityUrl = `http://127.0.0.1:${verityPort}`;
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await Promise.all([waitReady(verity, `${verityUrl}/healthz`), waitReady(bare, `${bareUrl}/hello`)]);
  console.log(`Verity on ${verityUrl} (log: ${path.relative(repoRoot, verityLog)}), bare on ${bareUrl}.`);

  const token = await accessToken(verityUrl, readSandboxCredentials(dataDir));
  await preflight(bare, bareUrl, BARE, token);
  for (const route of ROUTES) await preflight(verity, verityUrl, route, token);

  const targets = [
    { ...BARE, server: bare, baseUrl: bareUrl, runs: [] },
    ...ROUTES.map((route) => ({ ...route, server: verity, baseUrl: verityUrl, runs: [] })),
  ];

  if (WARMUP > 0) {
    for (const target of targets) await load(target, token, WARMUP, 'warm-up');
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of targets) target.runs.push(await load(target, token, DURATION, `round ${round}/${ROUNDS}`));
  }

  for (const server of servers) server.peakRssBytes = peakRss(server);
  return report(targets, { verityLog, bareLog, cpus: cpus.length, cpuModel, idleMachineShare });
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
  const server = { name, child, pid: child.pid, logFile, exit: undefined, spawnError: undefined, sampler: undefined, sampledPeak: 0 };
  child.on('exit', (code, signal) => {
    server.exit = { code, signal };
  });
  child.on('error', (error) => {
    server.spawnError = error;
    server.exit ??= { code: null, signal: null };
  });
  servers.push(server);
  startRssSampler(server);
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
  if (server.sampler) clearInterval(server.sampler);
  if (server.exit !== undefined) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function cleanup() {
  cleanupPromise ??= (async () => {
    await Promise.all(servers.map(stopServer));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  })();
  return cleanupPromise;
}

function interrupt(signal, exitCode) {
  console.error(`\n${signal}: stopping the servers.`);
  cleanup().finally(() => process.exit(exitCode));
}

// ---------------------------------------------------------------------------------------------
// Peak memory: VmHWM (the kernel's high-water mark of resident memory), read once at the end.
// Where VmHWM is missing, VmRSS is sampled every 200 ms instead.

function procStatus(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

function statusKb(status, field) {
  const match = status?.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
  return match ? Number(match[1]) : undefined;
}

function startRssSampler(server) {
  const status = procStatus(server.pid);
  if (status === undefined || statusKb(status, 'VmHWM') !== undefined) return;
  server.sampler = setInterval(() => {
    const kb = statusKb(procStatus(server.pid), 'VmRSS');
    if (kb !== undefined) server.sampledPeak = Math.max(server.sampledPeak, kb * 1024);
  }, 200);
  server.sampler.unref();
}

function peakRss(server) {
  const hwm = statusKb(procStatus(server.pid), 'VmHWM');
  if (hwm !== undefined) return hwm * 1024;
  return server.sampledPeak > 0 ? server.sampledPeak : null;
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

/** One request before the load, so a broken route fails in a second with its answer shown. */
async function preflight(server, baseUrl, route, token) {
  const response = await fetch(`${baseUrl}${route.path}`, { method: route.method, headers: route.headers(token), body: route.body });
  const text = await response.text();
  if (response.status !== route.expectStatus) {
    throw new BenchError(`${route.name} on ${server.name} answered ${response.status}, expected ${route.expectStatus}: ${text.slice(0, 500)}`);
  }
}

async function load(target, token, seconds, label) {
  process.stdout.write(`  ${label.padEnd(12)} ${target.name} ... `);
  const cpuBefore = cpuSnapshot();
  const result = await autocannon({
    url: `${target.baseUrl}${target.path}`,
    method: target.method,
    headers: target.headers(token),
    body: target.body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpuAfter = cpuSnapshot(); console.error(cpuBefore, cpuAfter);
  const otherCpu = otherCpuShare(cpuBefore, cpuAfter);
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
    noisy(run) ? `other processes used ${pct(otherCpu)} of the CPUs` : '',
  ].filter(Boolean);
  console.log(`${formatInt(run.requestsPerSec)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${notes.length ? `  (${notes.join('; ')})` : ''}`);
  await sleep(PAUSE_BETWEEN_RUNS_MS);
  return run;
}

/** Connection errors, timeouts and responses other than the expected status. */
function failures(run) {
  return run.errors + run.timeouts + Math.max(run.non2xx, run.unexpectedStatus);
}

function noisy(run) {
  return run.otherCpuShare !== null && run.otherCpuShare > NOISY_OTHER_CPU_SHARE;
}

// ---------------------------------------------------------------------------------------------
// Noise: CPU time the machine spent on anything but the driver and the two servers. The bench
// owns the machine only if nothing else runs (a test suite, a build, an editor's type checker).

const CLOCK_TICK_MS = 10; // /proc/<pid>/stat counts in USER_HZ, 100 on every mainstream Linux

function cpuSnapshot() {
  let busyMs = 0;
  let allMs = 0;
  for (const { times } of os.cpus()) {
    const busy = times.user + times.nice + times.sys + times.irq;
    busyMs += busy;
    allMs += busy + times.idle;
  }
  const own = process.cpuUsage();
  let oursMs = (own.user + own.system) / 1000;
  for (const server of servers) {
    if (server.exit !== undefined) continue;
    try {
      // Fields after the command name (which is in parentheses and may hold spaces).
      const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      oursMs += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime, stime
    } catch {
      oursMs = NaN; // No /proc: the share is unknown.
    }
  }
  return { busyMs, allMs, oursMs };
}

/** Share of the machine's CPU capacity used by other processes between two snapshots, or null. */
function otherCpuShare(before, after) {
  const all = after.allMs - before.allMs;
  const other = after.busyMs - before.busyMs - (after.oursMs - before.oursMs);
  if (!(all > 0) || Number.isNaN(other)) return null;
  return Math.max(0, other / all);
}

// ---------------------------------------------------------------------------------------------
// Report

function summarize(target) {
  const mean = (pick) => target.runs.reduce((sum, run) => sum + pick(run), 0) / target.runs.length;
  return {
    requestsPerSec: mean((run) => run.requestsPerSec),
    requestsPerSecByRound: target.runs.map((run) => run.requestsPerSec),
    p50Ms: mean((run) => run.p50Ms),
    p99Ms: mean((run) => run.p99Ms),
    peakRssMb: target.server.peakRssBytes == null ? null : target.server.peakRssBytes / 2 ** 20,
  };
}

function report(targets, { verityLog, bareLog, cpus, cpuModel, idleMachineShare }) {
  const [bareTarget, ...routeTargets] = targets;
  const bare = summarize(bareTarget);
  const routes = routeTargets.map((target) => {
    const summary = summarize(target);
    const ratio = summary.requestsPerSec / bare.requestsPerSec;
    return { target, summary, ratio, met: ratio >= TARGET };
  });

  const header = ['target', 'req/s', 'by round', 'p50 ms', 'p99 ms', 'peak RSS', 'vs bare', `>= ${pct(TARGET)}`];
  const row = (name, s, ratio, met) => [
    name,
    formatInt(s.requestsPerSec),
    s.requestsPerSecByRound.map(formatInt).join(' / '),
    formatMs(s.p50Ms),
    formatMs(s.p99Ms),
    s.peakRssMb == null ? 'n/a' : `${s.peakRssMb.toFixed(1)} MB`,
    pct(ratio),
    met === undefined ? '' : met ? 'yes' : 'NO',
  ];
  const rows = [row(bareTarget.name, bare, 1), ...routes.map((r) => row(r.target.name, r.summary, r.ratio, r.met))];

  const warnings = [];
  for (const target of targets) {
    target.runs.forEach((run, i) => {
      if (failures(run) === 0) return;
      const codes = Object.entries(run.statusCodes)
        .filter(([code]) => Number(code) !== target.expectStatus)
        .map(([code, count]) => `${code}: ${count}`)
        .join(', ');
      warnings.push({
        target: target.name,
        round: i + 1,
        text:
          `WARNING  ${target.name} round ${i + 1}: ${run.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ` +
          `${run.errors} errors, ${run.timeouts} timeouts, of ${formatInt(run.responses)} responses`,
        heavy: failures(run) > HEAVY_FAILURE_SHARE * Math.max(run.responses, 1),
      });
    });
  }

  console.log('');
  printTable(header, rows);
  for (const warning of warnings) console.log(warning.text);
  for (const target of targets) {
    target.runs.forEach((run, i) => {
      if (noisy(run)) console.log(`NOISE    ${target.name} round ${i + 1}: other processes used ${pct(run.otherCpuShare)} of the CPUs`);
    });
  }
  console.log('');
  console.log(`target: >= ${pct(TARGET)} of bare`);
  for (const r of routes) {
    console.log(`  ${r.target.name}: ${pct(r.ratio)} of bare, ${r.met ? 'meets the target' : 'BELOW the target'}`);
  }

  const heavyFailures = warnings.some((w) => w.heavy);
  const file = path.join(resultsDir, `${stamp}.json`);
  const json = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus,
    cpuModel,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    rounds: ROUNDS,
    warmupSeconds: WARMUP,
    otherCpuShareBeforeRun: idleMachineShare,
    target: TARGET,
    bare: { name: bareTarget.name, path: bareTarget.path, ...bare, runs: bareTarget.runs },
    routes: routes.map((r) => ({
      name: r.target.name,
      method: r.target.method,
      path: r.target.path,
      ...r.summary,
      ratio: r.ratio,
      metTarget: r.met,
      runs: r.target.runs,
    })),
    warnings: warnings.map(({ text, heavy }) => ({ text, heavy })),
    logs: { verity: path.relative(repoRoot, verityLog), bare: path.relative(repoRoot, bareLog) },
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(repoRoot, file)}`);
  if (heavyFailures) {
    console.error(`\nMore than ${pct(HEAVY_FAILURE_SHARE)} of requests failed in at least one run; these numbers do not measure the route.`);
  }
  return { heavyFailures };
}

function printTable(header, rows) {
  const widths = header.map((_, col) => Math.max(...[header, ...rows].map((r) => r[col].length)));
  const line = (cells) =>
    cells
      .map((cell, col) => (col === 0 || col === 2 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------
// Helpers

function positiveInt(name, fallback, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || (!allowZero && value === 0)) {
    console.error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} whole number, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The last few lines of a (possibly large) log file. */
function tail(file, bytes = 4096) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.min(bytes, size));
      fs.readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      const text = buffer.toString('utf8').trimEnd();
      return text === '' ? '  (empty)' : text.split('\n').slice(-20).map((l) => `  ${l}`).join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return `  (could not read: ${error.message})`;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function formatInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

function formatMs(ms) {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}

function pct(ratio) {
  const percent = ratio * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}
