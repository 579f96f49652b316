import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DWOLLA_RETRY_SCHEDULE_SECONDS, nextAttemptDelaySeconds, parseDurationList } from './retry-schedule.js';

test("the Dwolla schedule is 15m, 45m, 2h, 3h, 6h, 12h, 24h, 24h and can't be changed", () => {
  assert.deepEqual(DWOLLA_RETRY_SCHEDULE_SECONDS, [900, 2700, 7200, 10800, 21600, 43200, 86400, 86400]);
  assert.deepEqual(parseDurationList('15m,45m,2h,3h,6h,12h,24h,24h'), DWOLLA_RETRY_SCHEDULE_SECONDS);
  assert.throws(() => (DWOLLA_RETRY_SCHEDULE_SECONDS as number[]).push(1), TypeError);
});

test('durations in every unit, with whitespace around items', () => {
  assert.deepEqual(parseDurationList('30s, 1m'), [30, 60]);
  assert.deepEqual(parseDurationList(' 1s ,\t2m,3h , 4d '), [1, 120, 10800, 345600]);
  assert.deepEqual(parseDurationList('90m'), [5400]);
});

test('an empty list means no retries', () => {
  assert.deepEqual(parseDurationList(''), []);
  assert.deepEqual(parseDurationList('   '), []);
});

test('at most 20 items', () => {
  assert.equal(parseDurationList(Array(20).fill('1m').join(',')).length, 20);
  assert.throws(() => parseDurationList(Array(21).fill('1m').join(',')), /at most 20 items \(got 21\)/);
});

test('a bad item is named in the error', () => {
  const bad: [string, string][] = [
    ['0m', '"0m" (item 1'],
    ['15m,-5m', '"-5m" (item 2'],
    ['1.5h', '"1.5h"'],
    ['15', '"15"'],
    ['m', '"m"'],
    ['15 m', '"15 m"'],
    ['15M', '"15M"'],
    ['1w', '"1w"'],
    ['15min', '"15min"'],
    ['05m', '"05m"'],
    ['1e3s', '"1e3s"'],
    ['15m,,1h', '"" (item 2'],
    ['15m,', '"" (item 2'],
    [',15m', '"" (item 1'],
    ['15m;1h', '"15m;1h"'],
    ['99999999999999999d', '"99999999999999999d"'],
  ];
  for (const [text, named] of bad) {
    assert.throws(
      () => parseDurationList(text),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(error.message.includes(`Invalid duration ${named}`), error.message);
        assert.match(error.message, /positive whole number followed by s, m, h or d/);
        return true;
      },
      text,
    );
  }
});

test('each failed attempt is followed by the next scheduled delay, until the schedule is exhausted', () => {
  const schedule = DWOLLA_RETRY_SCHEDULE_SECONDS;
  const delays = [];
  for (let failed = 1; failed <= schedule.length; failed++) delays.push(nextAttemptDelaySeconds(schedule, failed, undefined, 3600));
  assert.deepEqual(delays, schedule);
  assert.equal(nextAttemptDelaySeconds(schedule, schedule.length + 1, undefined, 3600), undefined);
  assert.equal(nextAttemptDelaySeconds(schedule, 100, undefined, 3600), undefined);
});

test('an empty schedule never retries', () => {
  assert.equal(nextAttemptDelaySeconds([], 1, undefined, 3600), undefined);
  assert.equal(nextAttemptDelaySeconds([], 1, 10, 3600), undefined);
});

test("the receiver's Retry-After replaces the scheduled delay, up to the cap", () => {
  const schedule = [900, 2700];
  assert.equal(nextAttemptDelaySeconds(schedule, 1, 30, 3600), 30); // shorter than scheduled
  assert.equal(nextAttemptDelaySeconds(schedule, 1, 1800, 3600), 1800); // longer than scheduled
  assert.equal(nextAttemptDelaySeconds(schedule, 2, 7200, 3600), 3600); // capped
  assert.equal(nextAttemptDelaySeconds(schedule, 2, 3600, 3600), 3600); // exactly the cap
  assert.equal(nextAttemptDelaySeconds(schedule, 1, Number.POSITIVE_INFINITY, 3600), 3600);
  assert.equal(nextAttemptDelaySeconds(schedule, 1, 0, 3600), 0);
});

test('Retry-After does not extend an exhausted schedule', () => {
  assert.equal(nextAttemptDelaySeconds([900, 2700], 3, 30, 3600), undefined);
});

test('the delay is never negative', () => {
  assert.equal(nextAttemptDelaySeconds([900], 1, -5, 3600), 0);
  assert.equal(nextAttemptDelaySeconds([900], 1, 30, -1), 0);
  assert.equal(nextAttemptDelaySeconds([-10], 1, undefined, 3600), 0);
});

test('an unreadable (NaN) Retry-After counts as absent', () => {
  assert.equal(nextAttemptDelaySeconds([900], 1, Number.NaN, 3600), 900);
});

test('the count of failed attempts must be a whole number of at least 1', () => {
  for (const failed of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => nextAttemptDelaySeconds([900], failed, undefined, 3600), RangeError, String(failed));
  }
});
