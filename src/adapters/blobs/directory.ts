import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { storing } from './errors.js';

/**
 * Throws InsufficientStorageError unless a small file can be written, synced and removed in
 * `directory` (made, mode 0700, if missing): a full disk, a quota, a read-only mount or a path
 * that is not a directory all fail it. What readiness asks before saying the server can store.
 */
export async function checkDirectoryWritable(directory: string): Promise<void> {
  await storing(mkdir(directory, { recursive: true, mode: 0o700 }));
  const probe = path.join(directory, '.write-check');
  const file = await storing(open(probe, 'w', 0o600));
  try {
    const { bytesWritten } = await storing(file.write(Buffer.alloc(4096)));
    if (bytesWritten !== 4096) throw new Error('Short write to the write check file');
    await storing(file.datasync());
  } finally {
    await file.close();
  }
  await rm(probe, { force: true });
}

/** Makes a rename durable. Best effort: not every platform can open a directory for syncing. */
export async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The blob is in place; only its durability across a power cut is less certain.
  }
}
