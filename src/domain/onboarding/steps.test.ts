import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_ONBOARDING, statusView } from '../customer/status-view.js';
import { checkQuestionnaire } from './questionnaire.js';
import { missingSteps } from './steps.js';

const verified = { type: 'personal' as const, status: 'verified' as const, hasFullSsn: true, retryUsed: false };

test('required steps not done are requirements, in a fixed order', () => {
  assert.deepEqual(
    missingSteps(['additionalData', 'email'], NO_ONBOARDING).map((r) => r.code),
    ['email.verified', 'additional_data.submitted'],
  );
  assert.deepEqual(missingSteps(['email'], { ...NO_ONBOARDING, emailVerified: true }), []);
});

test('a verified customer is 10npay Active (200) only with every required step done', () => {
  assert.equal(statusView(verified, 'none', NO_ONBOARDING, []).dialects.tenpay, 200);
  assert.equal(statusView(verified, 'none', NO_ONBOARDING, ['sca']).dialects.tenpay, 150);
  assert.equal(statusView(verified, 'none', { ...NO_ONBOARDING, scaProvisioned: true }, ['sca']).dialects.tenpay, 200);
  // Graver states keep their own code and list no steps.
  const suspended = statusView({ ...verified, status: 'suspended', suspensionCause: 'administrative' }, 'none', NO_ONBOARDING, ['sca']);
  assert.equal(suspended.dialects.tenpay, 400);
  assert.ok(!suspended.requirements.some((r) => r.code === 'sca.provisioned'));
});

test('the questionnaire is a JSON object of bounded size and depth', () => {
  assert.deepEqual(checkQuestionnaire({ type: 'EnrollAdditionalData', data: { a: [1, { b: 2 }] } }), []);
  assert.equal(checkQuestionnaire([1])[0]?.code, 'InvalidFormat');
  assert.equal(checkQuestionnaire(null)[0]?.code, 'InvalidFormat');
  assert.equal(checkQuestionnaire({ big: 'x'.repeat(17 * 1024) })[0]?.code, 'Invalid');
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 9; i++) deep = { d: deep };
  assert.equal(checkQuestionnaire(deep)[0]?.pointer, '/d/d/d/d/d/d/d/d');
  assert.equal(checkQuestionnaire({ ['k'.repeat(101)]: 1 })[0]?.code, 'Invalid');
});
