import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuidv7 } from './ids.js';

test('uuidv7 ids are valid version-7 UUIDs that sort in creation order', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_800_000_000_000 + Math.floor(i / 500)));
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
