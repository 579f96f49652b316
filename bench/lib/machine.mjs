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
 * itself: this process, the given child pids, and every process whose name is in `processNames`
 * (a database server on the same machine, whose connections come and go: the time of those that
 * ended is counted through their parent's time for waited-for children). NaN for the bench's own
 * share without /proc.
 */
export function cpuSnapshot(pids, { processNames = [] } = {}) {
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
    const stat = procStat(pid);
    oursMs += stat ? (stat.utime + stat.stime) * CLOCK_TICK_MS : NaN;
  }
  if (processNames.length > 0) {
    let entries = [];
    try {
      entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name) && !pids.includes(Number(name)));
    } catch {
      oursMs = NaN;
    }
    for (const pid of entries) {
      const stat = procStat(pid);
      if (stat && processNames.includes(stat.name)) oursMs += (stat.utime + stat.stime + stat.cutime + stat.cstime) * CLOCK_TICK_MS;
    }
  }
  return { busyMs, allMs, oursMs };
}

/** A process's name and CPU times (in clock ticks) from /proc/<pid>/stat; undefined when gone. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may hold spaces and parentheses itself.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name, utime: Number(fields[11]), stime: Number(fields[12]), cutime: Number(fields[13]), cstime: Number(fields[14]) };
  } catch {
    return undefined;
  }
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
