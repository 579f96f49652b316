import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capabilitiesFor, requirementsFor, statusView } from './status-view.js';

test('only verified customers send; suspended, deactivated and closed ones neither send nor receive', () => {
  assert.deepEqual(capabilitiesFor('verified'), { canSend: true, canReceive: true });
  for (const status of ['unverified', 'retry', 'document'] as const) assert.deepEqual(capabilitiesFor(status), { canSend: false, canReceive: true });
  for (const status of ['suspended', 'deactivated', 'closed'] as const) assert.deepEqual(capabilitiesFor(status), { canSend: false, canReceive: false });
});

test('requirements name what is missing', () => {
  const codes = (status: Parameters<typeof requirementsFor>[0]['status'], extra = {}, review: 'none' | 'awaiting_review' = 'none') =>
    requirementsFor({ type: 'personal', status, hasFullSsn: false, retryUsed: false, ...extra }, review).map((r) => r.code);
  assert.deepEqual(codes('retry'), ['identity.resubmit', 'ssn.full']);
  assert.deepEqual(codes('retry', { hasFullSsn: true }), ['identity.resubmit']);
  assert.deepEqual(codes('document'), ['document.identity']);
  assert.deepEqual(codes('document', {}, 'awaiting_review'), ['review.pending']);
  assert.deepEqual(codes('verified'), []);
  assert.deepEqual(codes('unverified', { type: 'unverified' }), ['identity.submit']);
  assert.deepEqual(codes('suspended'), ['account.suspended']);
  assert.deepEqual(codes('deactivated'), ['account.reactivate']);
});

test('the status view puts it together', () => {
  const view = statusView({ type: 'personal', status: 'verified', hasFullSsn: true, retryUsed: false });
  assert.equal(view.dialects.delos, 'ACCEPT');
  assert.equal(view.onboarding.emailVerified, false);
  assert.equal(view.capabilities.canSend, true);
});
