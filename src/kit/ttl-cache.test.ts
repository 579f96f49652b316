import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlCache } from './ttl-cache.js';

test('entries expire after their time to live', () => {
  let now = 0;
  const cache = new TtlCache<string>(1000, 10, () => now);
  cache.set('a', 'A');
  assert.equal(cache.get('a'), 'A');
  now = 999;
  assert.equal(cache.get('a'), 'A');
  now = 1000;
  assert.equal(cache.get('a'), undefined);
});

test('the oldest entry goes when the cache is full', () => {
  const cache = new TtlCache<number>(60_000, 2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('c', 3);
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.get('b'), 2);
  assert.equal(cache.get('c'), 3);
});
