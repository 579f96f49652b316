import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

// `npm start` runs `scripts/build.mjs --if-stale`: it compiles only when an input of the build
// changed since the last clean build, so a restart takes about a second (README, first command).
const repo = process.cwd();

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-build-once-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { outDir: 'dist', module: 'NodeNext', target: 'ES2022', strict: true } }));
  fs.writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src'] }));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function build(dir: string, ...args: string[]): void {
  const run = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr + run.stdout);
}

const stampOf = (dir: string) => fs.statSync(path.join(dir, 'dist', '.build-stamp')).mtimeMs;

test('a start after a build compiles nothing; a changed source file is compiled on the next start', () => {
  const dir = project();
  try {
    build(dir);
    assert.ok(fs.existsSync(path.join(dir, 'dist', 'main.js')));
    const built = stampOf(dir);

    build(dir, '--if-stale');
    assert.equal(stampOf(dir), built, 'nothing changed, so nothing was compiled');

    const later = new Date(built + 5_000);
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = 43;\n');
    fs.utimesSync(path.join(dir, 'src', 'main.ts'), later, later);
    build(dir, '--if-stale');
    assert.ok(stampOf(dir) > built, 'the changed file was compiled');
    assert.match(fs.readFileSync(path.join(dir, 'dist', 'main.js'), 'utf8'), /43/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed compile leaves no stamp, so the next start tries again', () => {
  const dir = project();
  try {
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = "not a number";\n');
    const run = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs'), '--if-stale'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.equal(fs.existsSync(path.join(dir, 'dist', '.build-stamp')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
