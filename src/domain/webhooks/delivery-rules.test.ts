import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeAttempt, keepsResponseBody, PAUSE_AFTER_CONSECUTIVE_FAILURES, shouldPause } from './delivery-rules.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const policy = { schedule: [900, 2700], retryAfterCapSeconds: 3600 };
const fresh = { attempts: 0, failuresInRound: 0 };
const inSeconds = (s: number) => new Date(NOW.getTime() + s * 1000).toISOString();

test('a 2xx succeeds and the endpoint is healthy', () => {
  assert.deepEqual(judgeAttempt(fresh, { ok: true, statusCode: 204 }, NOW, policy), { status: 'succeeded', attempts: 1, failuresInRound: 0, endpoint: 'healthy' });
});

test('a failure waits for the next step of the schedule, then the delivery fails', () => {
  assert.deepEqual(judgeAttempt(fresh, { ok: false, statusCode: 500 }, NOW, policy), {
    status: 'pending',
    attempts: 1,
    failuresInRound: 1,
    nextAttemptAt: inSeconds(900),
    endpoint: 'failing',
  });
  assert.equal(judgeAttempt({ attempts: 1, failuresInRound: 1 }, { ok: false }, NOW, policy).nextAttemptAt, inSeconds(2700));
  assert.deepEqual(judgeAttempt({ attempts: 2, failuresInRound: 2 }, { ok: false }, NOW, policy), {
    status: 'failed',
    attempts: 3,
    failuresInRound: 3,
    endpoint: 'failing',
  });
});

test('a replayed delivery counts its attempts on, but starts the schedule again', () => {
  const verdict = judgeAttempt({ attempts: 7, failuresInRound: 0 }, { ok: false }, NOW, policy);
  assert.deepEqual([verdict.attempts, verdict.nextAttemptAt], [8, inSeconds(900)]);
});

test('Retry-After replaces the scheduled wait, up to the cap', () => {
  assert.equal(judgeAttempt(fresh, { ok: false, statusCode: 429, retryAfterSeconds: 30 }, NOW, policy).nextAttemptAt, inSeconds(30));
  assert.equal(judgeAttempt(fresh, { ok: false, statusCode: 503, retryAfterSeconds: 99_999 }, NOW, policy).nextAttemptAt, inSeconds(3600));
});

test('410 Gone fails the delivery at once and says the endpoint is gone', () => {
  assert.deepEqual(judgeAttempt(fresh, { ok: false, statusCode: 410 }, NOW, policy), { status: 'failed', attempts: 1, failuresInRound: 1, endpoint: 'gone' });
});

test('a subscription pauses after 400 failures in a row and 24 hours without success, not before', () => {
  const dayAgo = new Date(NOW.getTime() - 24 * 3600_000).toISOString();
  const hourAgo = new Date(NOW.getTime() - 3600_000).toISOString();
  assert.equal(shouldPause(PAUSE_AFTER_CONSECUTIVE_FAILURES, dayAgo, NOW), true);
  assert.equal(shouldPause(PAUSE_AFTER_CONSECUTIVE_FAILURES - 1, dayAgo, NOW), false);
  assert.equal(shouldPause(PAUSE_AFTER_CONSECUTIVE_FAILURES + 50, hourAgo, NOW), false);
});

test('a target refused by policy fails at once, whatever is left of the schedule', () => {
  assert.deepEqual(judgeAttempt(fresh, { ok: false, refused: true }, NOW, policy), { status: 'failed', attempts: 1, failuresInRound: 1, endpoint: 'failing' });
});

test('a 2xx body is always kept; another only when the subscription asks for it', () => {
  assert.deepEqual(
    [keepsResponseBody({ ok: true }, false), keepsResponseBody({ ok: false }, false), keepsResponseBody({ ok: false }, true)],
    [true, false, true],
  );
});
