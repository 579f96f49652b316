import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DECISION_SEVERITY, REASON_WEIGHTS, SANDBOX_SCORES, THRESHOLDS, decide, scoreOf, type ReasonCode } from './scoring.js';

const codes = Object.keys(REASON_WEIGHTS) as ReasonCode[];
const MILD: readonly ReasonCode[] = ['ssn.last4_only', 'controller.ssn.last4_only', 'email.invalid', 'phone.invalid', 'fraud.suspected'];

test('the score starts at 100, loses each reason\'s weight once and stops at 0', () => {
  assert.equal(scoreOf([]), 100);
  assert.equal(scoreOf(['ssn.last4_only']), 90);
  assert.equal(scoreOf(['ssn.last4_only', 'ssn.last4_only']), 90);
  assert.equal(scoreOf(['ssn.invalid', 'dob.invalid']), 20);
  assert.equal(scoreOf(codes), 0);
});

test('weights are whole numbers from 0 to 100', () => {
  for (const code of codes) {
    const weight = REASON_WEIGHTS[code];
    assert.ok(Number.isInteger(weight) && weight >= 0 && weight <= 100, code);
  }
});

test('a mild problem, or two, still verifies; any other problem alone does not', () => {
  for (const code of codes) {
    const verifiedAlone = scoreOf([code]) >= THRESHOLDS.verified;
    assert.equal(verifiedAlone, MILD.includes(code), code);
  }
  assert.ok(scoreOf(['ssn.last4_only', 'phone.invalid']) >= THRESHOLDS.verified);
  assert.ok(scoreOf(['ssn.last4_only', 'phone.invalid', 'email.invalid']) < THRESHOLDS.verified);
});

test('a controller\'s reason weighs what the same reason weighs for a person', () => {
  for (const code of codes.filter((c) => c.startsWith('controller.') && c !== 'controller.missing' && c !== 'controller.passport.invalid')) {
    const personal = code.slice('controller.'.length) as ReasonCode;
    assert.equal(REASON_WEIGHTS[code], REASON_WEIGHTS[personal], code);
  }
  assert.equal(REASON_WEIGHTS['controller.passport.invalid'], REASON_WEIGHTS['controller.ssn.missing']);
});

test('decision paths, in order', () => {
  const base = { score: 100, attempt: 'initial', fraudSignal: false, hasIdentityNumber: true } as const;
  assert.equal(decide(base), 'verified');
  assert.equal(decide({ ...base, fraudSignal: true }), 'suspended', 'fraud beats a good score');
  assert.equal(decide({ ...base, fraudSignal: true, hasIdentityNumber: false }), 'suspended');
  assert.equal(decide({ ...base, hasIdentityNumber: false }), 'document', 'no SSN beats a good score');
  assert.equal(decide({ ...base, hasIdentityNumber: false, attempt: 'retry', score: 0 }), 'document');
  assert.equal(decide({ ...base, score: 80 }), 'verified');
  assert.equal(decide({ ...base, score: 79 }), 'retry');
  assert.equal(decide({ ...base, score: 0 }), 'retry');
  assert.equal(decide({ ...base, score: 80, attempt: 'retry' }), 'verified');
  assert.equal(decide({ ...base, score: 79, attempt: 'retry' }), 'document');
  assert.equal(decide({ ...base, score: 40, attempt: 'retry' }), 'document');
  assert.equal(decide({ ...base, score: 39, attempt: 'retry' }), 'suspended');
});

test('a retry attempt never answers retry', () => {
  for (let score = 0; score <= 100; score += 1) {
    for (const fraudSignal of [false, true]) {
      for (const hasIdentityNumber of [false, true]) {
        assert.notEqual(decide({ score, attempt: 'retry', fraudSignal, hasIdentityNumber }), 'retry');
      }
    }
  }
});

test('sandbox scores agree with the thresholds', () => {
  assert.deepEqual(SANDBOX_SCORES, { verified: 100, retry: 60, document: 30, suspended: 0 });
  assert.ok(SANDBOX_SCORES.verified >= THRESHOLDS.verified);
  assert.ok(SANDBOX_SCORES.retry < THRESHOLDS.verified);
  assert.deepEqual(DECISION_SEVERITY, ['suspended', 'document', 'retry', 'verified']);
});
