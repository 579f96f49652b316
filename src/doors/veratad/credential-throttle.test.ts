import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureLimit } from './credential-throttle.js';

test('a key is blocked once over the limit, until the window ends; blocksNone tells when nobody is', () => {
  let now = 1_000_000;
  const limit = new FailureLimit({ max: 2, windowSeconds: 60 }, () => now);
  assert.equal(limit.blocksNone, true);
  assert.equal(limit.fail('10.0.0.1'), 0);
  assert.equal(limit.fail('10.0.0.1'), 0);
  assert.equal(limit.blocksNone, true, 'failures within the limit block nobody');
  const wait = limit.fail('10.0.0.1');
  assert.ok(wait > 0 && wait <= 60);
  assert.equal(limit.blocksNone, false);
  assert.equal(limit.waitFor('10.0.0.1'), wait);
  assert.equal(limit.waitFor('10.0.0.2'), 0);
  now += wait * 1000;
  assert.equal(limit.waitFor('10.0.0.1'), 0);
  assert.equal(limit.blocksNone, true, 'an ended block is forgotten when looked up');
});
