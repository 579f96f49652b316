import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from './rate-limiter.js';

test('allows max requests per window per key, then says how long to wait', () => {
  let now = 0;
  const limiter = new RateLimiter(2, 60, () => now);
  assert.equal(limiter.consume('a'), 0);
  assert.equal(limiter.consume('a'), 0);
  assert.equal(limiter.consume('a'), 60);
  assert.equal(limiter.consume('b'), 0, 'keys are counted apart');
  now = 45_000;
  assert.equal(limiter.consume('a'), 15);
  now = 60_000;
  assert.equal(limiter.consume('a'), 0, 'a new window starts');
});

test('a limit of 0 allows everything', () => {
  const limiter = new RateLimiter(0, 60);
  for (let i = 0; i < 100; i++) assert.equal(limiter.consume('a'), 0);
});
