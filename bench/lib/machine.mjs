// What the bench driver measures about processes and the machine, outside of HTTP: peak memory,
// CPU used by anything that is not the bench, free ports and log tails.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';

const CLOCK_TICK_MS = 10; // /proc/<pid>/stat counts in USER_HZ, 100 on every mainstream Linux
const RSS_SAMPLE_MS = 200;

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

/**
 * Tracks the peak resident memory of a process. Where the kernel keeps VmHWM (its high-water
 * mark) it is read once, at the end; otherwise VmRSS is sampled every 200 ms until `stop()`.
 * `peakBytes()` must be called while the process is still alive; it answers null without /proc.
 */
export function trackPeakRss(pid) {
  let sampled = 0;
  let timer;
  const status = procStatus(pid);
  if (status !== undefined && statusKb(status, 'VmHWM') === undefined) {
    timer = setInterval(() => {
      const kb = statusKb(procStatus(pid), 'VmRSS');
      if (kb !== undefined) sampled = Math.max(sampled, kb * 1024);
    }, RSS_SAMPLE_MS);
    timer.unref();
  }
  return {
    peakBytes() {
      const hwm = statusKb(procStatus(pid), 'VmHWM');
      if (hwm !== undefined) return hwm * 1024;
      return sampled > 0 ? sampled : null;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * CPU time so far: the whole machine's (busy and total, summed over cores) and that of the bench
 * itself (this process plus the given child pids). NaN for the bench's own share without /proc.
 */
export function cpuSnapshot(pids) {
  let busyMs = 0;
  let allMs = 0;
  for (const { times } of os.cpus()) {
    const busy = times.user + times.nice + times.sys + times.irq;
    busyMs += busy;
    allMs += busy + times.idle;
  }
  const own = process.cpuUsage();
  let oursMs = (own.user + own.system) / 1000;
  for (const pid of pids) {
    try {
      // The fields after the command name, which is in parentheses and may hold spaces.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      oursMs += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime, stime
    } catch {
      oursMs = NaN;
    }
  }
  return { busyMs, allMs, oursMs };
}

/**
 * Share of the machine's CPU capacity used by other processes (a test suite, a build, a type
 * checker) between two snapshots taken with the same pids; null when it cannot be known.
 */
export function otherCpuShare(before, after) {
  const all = after.allMs - before.allMs;
  const other = after.busyMs - before.busyMs - (after.oursMs - before.oursMs);
  if (!(all > 0) || Number.isNaN(other)) return null;
  return Math.max(0, other / all);
}

export function freePort() {
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

/** The last lines of a log file that may be hundreds of MB, indented for an error message. */
export function tail(file, bytes = 4096) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.min(bytes, size));
      fs.readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      const text = buffer.toString('utf8').trimEnd();
      if (text === '') return '  (empty)';
      return text
        .split('\n')
        .slice(-20)
        .map((line) => `  ${line}`)
        .join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return `  (could not read it: ${error.message})`;
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
