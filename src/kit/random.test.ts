import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBytesPooled } from './random.js';

test('pooled random bytes are never handed out twice', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const bytes = randomBytesPooled(12);
    assert.equal(bytes.length, 12);
    const hex = bytes.toString('hex');
    assert.ok(!seen.has(hex));
    seen.add(hex);
  }
  assert.throws(() => randomBytesPooled(257), RangeError);
});
