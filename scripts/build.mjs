// Compiles src/ into dist/. With --if-stale it first checks whether anything the build reads
// changed since the last successful build, so `npm start` starts in about a second instead of
// recompiling every time (`npm install` has already built once).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const STAMP = path.join('dist', '.build-stamp');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The newest modification time among the build's inputs (files and folders: a deletion touches its folder). */
function newestInput(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestInput(path.join(entry, name))), stat.mtimeMs);
}

function lastBuild() {
  return fs.statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

if (process.argv.includes('--if-stale') && lastBuild() >= Math.max(...INPUTS.map(newestInput))) process.exit(0);

const tsc = spawnSync(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// Written only after a clean compile, so a failed build is tried again on the next start.
fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
