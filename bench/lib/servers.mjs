// The servers under load, as child processes of the driver: started with their output going
// straight to a log file, waited for, checked, stopped.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep, tail, trackPeakRss } from './machine.mjs';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5000;

/** A failure with a message meant for the person running the bench: printed without a stack. */
export class BenchError extends Error {}

/** Starts `node <args>` in `cwd`; the server's log is shown relative to `cwd` in messages. */
export function spawnServer(name, args, env, logFile, cwd) {
  // The child writes straight to the file: the driver spends no CPU relaying log lines.
  const fd = fs.openSync(logFile, 'w');
  let child;
  try {
    child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const server = { name, child, pid: child.pid, logFile, logName: path.relative(cwd, logFile), exit: undefined, spawnError: undefined, peakRssBytes: null };
  server.rss = trackPeakRss(child.pid);
  child.on('exit', (code, signal) => {
    server.exit = { code, signal };
  });
  child.on('error', (error) => {
    server.spawnError = error;
    server.exit ??= { code: null, signal: null };
  });
  return server;
}

/** Resolves once `url` answers 200; throws with the end of the log when it never does. */
export async function waitReady(server, url) {
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
      throw new BenchError(`${server.name} did not answer 200 on ${url} within ${READY_TIMEOUT_MS / 1000} s. End of ${server.logName}:\n${tail(server.logFile)}`);
    }
    await sleep(100);
  }
}

export function assertAlive(server, when) {
  if (server.exit === undefined) return;
  const how = server.spawnError
    ? `could not be started (${server.spawnError.message})`
    : `exited ${when} (${server.exit.signal ? `signal ${server.exit.signal}` : `code ${server.exit.code}`})`;
  throw new BenchError(`${server.name} ${how}. End of ${server.logName}:\n${tail(server.logFile)}`);
}

/** Reads the server's peak memory (while it still runs), then stops it: SIGTERM, SIGKILL after 5 s. */
export async function stopServer(server) {
  if (server.exit === undefined) server.peakRssBytes ??= server.rss.peakBytes();
  server.rss.stop();
  if (server.exit !== undefined) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
