import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CUSTOMER_STATUSES } from '../customer/customer.js';
import { MAX_AMOUNT_NANOS } from './money.js';
import { move, movementsOf, refusal } from './operations.js';

const b = (available: bigint, held: bigint) => ({ available, held });

test('each movement changes available and held as it should', () => {
  assert.deepEqual(move(b(0n, 0n), 'credit', 5n), { ok: true, after: b(5n, 0n) });
  assert.deepEqual(move(b(5n, 0n), 'transfer_in', 5n), { ok: true, after: b(10n, 0n) });
  assert.deepEqual(move(b(5n, 1n), 'debit', 5n), { ok: true, after: b(0n, 1n) });
  assert.deepEqual(move(b(5n, 1n), 'transfer_out', 2n), { ok: true, after: b(3n, 1n) });
  assert.deepEqual(move(b(5n, 1n), 'hold', 4n), { ok: true, after: b(1n, 5n) });
  assert.deepEqual(move(b(1n, 5n), 'release', 5n), { ok: true, after: b(6n, 0n) });
  assert.deepEqual(move(b(1n, 5n), 'capture', 3n), { ok: true, after: b(1n, 2n) });
});

test('nothing goes below zero', () => {
  assert.deepEqual(move(b(4n, 100n), 'debit', 5n), { ok: false, shortOf: 'available' });
  assert.deepEqual(move(b(4n, 100n), 'transfer_out', 5n), { ok: false, shortOf: 'available' });
  assert.deepEqual(move(b(4n, 100n), 'hold', 5n), { ok: false, shortOf: 'available' });
  assert.deepEqual(move(b(100n, 4n), 'release', 5n), { ok: false, shortOf: 'held' });
  assert.deepEqual(move(b(100n, 4n), 'capture', 5n), { ok: false, shortOf: 'held' });
});

test('nothing grows beyond the largest amount Money carries; a balance already beyond it may still shrink', () => {
  const max = MAX_AMOUNT_NANOS;
  assert.deepEqual(move(b(max - 5n, 0n), 'credit', 5n), { ok: true, after: b(max, 0n) });
  assert.deepEqual(move(b(max - 5n, 0n), 'credit', 6n), { ok: false, beyondLimit: 'available' });
  assert.deepEqual(move(b(max, 0n), 'transfer_in', 1n), { ok: false, beyondLimit: 'available' });
  assert.deepEqual(move(b(max, 1n), 'release', 1n), { ok: false, beyondLimit: 'available' });
  assert.deepEqual(move(b(1n, max), 'hold', 1n), { ok: false, beyondLimit: 'held' });
  assert.deepEqual(move(b(max + 10n, 0n), 'debit', 1n), { ok: true, after: b(max + 9n, 0n) });
});

test('amounts beyond 64 bits stay exact', () => {
  const huge = 10n ** 24n + 1n;
  assert.deepEqual(move(b(huge, 0n), 'debit', 10n ** 24n), { ok: true, after: b(1n, 0n) });
});

test('only verified customers send; suspended, deactivated and closed ones neither send nor receive', () => {
  for (const status of CUSTOMER_STATUSES) {
    const canSend = status === 'verified';
    const canReceive = ['unverified', 'retry', 'document', 'verified'].includes(status);
    for (const movement of ['debit', 'transfer_out', 'hold', 'capture'] as const) assert.equal(refusal(movement, status) === undefined, canSend, `${movement} ${status}`);
    for (const movement of ['credit', 'transfer_in'] as const) assert.equal(refusal(movement, status) === undefined, canReceive, `${movement} ${status}`);
    assert.equal(refusal('release', status), undefined);
  }
});

test('a transfer moves out of the customer and into the counterparty', () => {
  assert.deepEqual(movementsOf('transfer'), { customer: 'transfer_out', counterparty: 'transfer_in' });
  assert.deepEqual(movementsOf('hold'), { customer: 'hold' });
});
