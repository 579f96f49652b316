import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lockoutAfter, SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK, SIGN_IN_FAILURES_BEFORE_LOCK } from './operator.js';

test('a lock starts at the threshold with a minute, doubles with each further failure, and stops at an hour', () => {
  assert.equal(lockoutAfter(SIGN_IN_FAILURES_BEFORE_LOCK - 1), 0);
  assert.equal(lockoutAfter(SIGN_IN_FAILURES_BEFORE_LOCK), 60_000);
  assert.equal(lockoutAfter(SIGN_IN_FAILURES_BEFORE_LOCK + 1), 120_000);
  assert.equal(lockoutAfter(SIGN_IN_FAILURES_BEFORE_LOCK + 10), 3_600_000);
  assert.equal(lockoutAfter(1_000_000), 3_600_000);
  assert.equal(lockoutAfter(SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK - 1, SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK), 0);
  assert.equal(lockoutAfter(SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK, SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK), 60_000);
});
