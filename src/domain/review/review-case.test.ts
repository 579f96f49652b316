import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveClaimHolder, mayWork, type ReviewCase } from './review-case.js';

const base: ReviewCase = {
  id: 'c',
  tenantId: 't',
  customerId: 'u',
  state: 'open',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const now = '2026-01-01T00:10:00.000Z';

test('a claim holds until it runs out', () => {
  assert.equal(liveClaimHolder(base, now), undefined);
  const claimed = { ...base, claimedBy: 'rita', claimExpiresAt: '2026-01-01T00:15:00.000Z' };
  assert.equal(liveClaimHolder(claimed, now), 'rita');
  assert.equal(liveClaimHolder(claimed, '2026-01-01T00:15:00.000Z'), undefined);
});

test('an operator may work a case nobody else holds', () => {
  const claimed = { ...base, claimedBy: 'rita', claimExpiresAt: '2026-01-01T00:15:00.000Z' };
  assert.equal(mayWork(base, 'sam', now), true);
  assert.equal(mayWork(claimed, 'rita', now), true);
  assert.equal(mayWork(claimed, 'sam', now), false);
  assert.equal(mayWork(claimed, 'sam', '2026-01-01T00:16:00.000Z'), true);
});
