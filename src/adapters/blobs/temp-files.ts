import { createHash } from 'node:crypto';
import os from 'node:os';

/*
 * A blob is written to a hidden temp file beside its final place and renamed into place once
 * whole. A crash mid-write leaves the temp file behind, never reachable through a locator. Its
 * name, `.<uuid>.<host>.<pid>.tmp`, says which process wrote it (the host as a hash of its name),
 * so the next start can tell a leftover of a dead process from a write still in progress in
 * another live process sharing the directory.
 */

const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
const TEMP_NAME = /^\.[0-9a-f-]{36}\.([0-9a-f]{8})\.(\d+)\.tmp$/;

/** The temp file name for the blob `id`, written by this process. */
export function tempFileName(id: string): string {
  return `.${id}.${HOST_TAG}.${process.pid}.tmp`;
}

/** Whether a file name (not a path) is a temp file's: this scheme's, or any older hidden `.tmp`. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Whether the temp file `name` was written by a process of this host that is no longer running.
 * False when that cannot be told (another host, an older name): then only its age can say.
 * This process's own id counts as gone, for an earlier process that had it (a container's pid 1
 * after a restart): the caller must skip the files it is writing itself.
 */
export function writerIsGone(name: string): boolean {
  const match = TEMP_NAME.exec(name);
  if (!match || match[1] !== HOST_TAG) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}
