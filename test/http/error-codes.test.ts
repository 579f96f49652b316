import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { ERROR_STATUSES } from '../../src/doors/http/problem.js';

test('docs/errors.md documents exactly the codes the server can answer with, with their statuses', () => {
  const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Map<string, number>();
  for (const match of doc.matchAll(/^## (\w+)\n(\d{3})\./gm)) documented.set(match[1] as string, Number(match[2]));
  assert.deepEqual([...documented.keys()].sort(), Object.keys(ERROR_STATUSES).sort());
  for (const [code, { status }] of Object.entries(ERROR_STATUSES)) assert.equal(documented.get(code), status, code);
});
