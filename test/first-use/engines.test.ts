import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

interface Semver {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
}
const semver = createRequire(import.meta.url)('semver') as Semver;

interface LockedPackage {
  readonly engines?: { readonly node?: string };
}

// `npm install` warns EBADENGINE when a locked package wants a newer Node than the one running;
// package.json's `engines` must state the real requirement of everything the install brings.
test('every locked package runs on the oldest Node that package.json allows', () => {
  const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const oldest = semver.minVersion(manifest.engines.node)?.version;
  assert.ok(oldest, 'engines.node names a lowest version');
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };
  const unsupported = Object.entries(lock.packages)
    .filter(([name, locked]) => name !== '' && locked.engines?.node !== undefined && !semver.satisfies(oldest, locked.engines.node))
    .map(([name, locked]) => `${name} wants Node ${locked.engines?.node}`);
  assert.deepEqual(unsupported, [], `Node ${oldest} is not enough for these`);
});

test('the README states the same Node requirement as package.json', () => {
  const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const oldest = semver.minVersion(manifest.engines.node)?.version ?? '';
  const [major, minor] = oldest.split('.');
  assert.match(fs.readFileSync('README.md', 'utf8'), new RegExp(`Needs Node\\.js ${major}\\.${minor} or newer`));
});
