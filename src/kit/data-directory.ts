import fs from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds personal data (the SQLite database and its -wal and -shm files, the
 * encrypted documents) and the master key: only Verity's own user may read it. Makes it (0700)
 * if missing, and tightens what an earlier version or a loose umask left open: the directory
 * itself, each file in it (0600) and each folder (0700). The blob tree below is created private
 * and sits inside the private directory, so it is not walked (it may hold millions of files).
 */
export function makeDataDirectoryPrivate(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir, 0o700);
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(path.join(dataDir, entry.name), 0o600);
    else if (entry.isDirectory()) tighten(path.join(dataDir, entry.name), 0o700);
  }
}

/** Creates `file` empty with mode 0600 unless it exists, so whatever opens it later keeps that mode. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_WRONLY, 0o600));
}

function tighten(file: string, mode: number): void {
  try {
    if ((fs.statSync(file).mode & 0o777 & ~mode) !== 0) fs.chmodSync(file, mode);
  } catch (error) {
    // Gone meanwhile, or not ours to change (a directory an operator shares on purpose).
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}
