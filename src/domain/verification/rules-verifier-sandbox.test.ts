import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Controller, CustomerInput } from '../customer/customer.js';
import type { VerificationDecision } from './identity-verifier.js';
import { US_CONTROLLER } from './identities.fixtures.js';
import { verifyByRules } from './rules-verifier.js';

const TODAY = '2026-01-15';
const DECISIONS: readonly VerificationDecision[] = ['verified', 'retry', 'document', 'suspended'];
const SCORES: Record<VerificationDecision, number> = { verified: 100, retry: 60, document: 30, suspended: 0 };

const jane: CustomerInput = {
  type: 'personal',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
  dateOfBirth: '1990-04-12',
  address1: '1 Main St',
  city: 'New York',
  state: 'NY',
  postalCode: '10001',
  ssn: '212345678',
};

const bob: Controller = US_CONTROLLER;

const acme: CustomerInput = {
  type: 'business',
  businessType: 'corporation',
  firstName: 'Ann',
  lastName: 'Lee',
  email: 'ann@acme.example',
  state: 'NY',
  postalCode: '10001',
  businessName: 'Acme Inc',
  ein: '123456789',
  controller: bob,
};

function verify(input: CustomerInput, sandbox: boolean, attempt: 'initial' | 'retry' = 'initial') {
  return verifyByRules({ input, attempt, sandbox, today: TODAY });
}

const forced = (decision: VerificationDecision) => ({ score: SCORES[decision], decision, reasons: [`sandbox.forced_${decision}`] });

test('sandbox: a person\'s magic first name forces the outcome, any case, trimmed', () => {
  for (const decision of DECISIONS) {
    assert.deepEqual(verify({ ...jane, firstName: decision }, true), forced(decision), decision);
    assert.deepEqual(verify({ ...jane, firstName: `  ${decision.toUpperCase()} ` }, true), forced(decision), decision);
  }
});

test('sandbox: magic values override the rules', () => {
  const broken: CustomerInput = { ...jane, ssn: '078051120', state: 'ZZ', dateOfBirth: '2020-01-01' };
  assert.deepEqual(verify({ ...broken, firstName: 'verified' }, true), forced('verified'));
  assert.deepEqual(verify({ ...jane, ssn: undefined, firstName: 'retry' }, true), forced('retry'));
});

test('sandbox: on a retry attempt a forced retry becomes document; the others stand', () => {
  assert.deepEqual(verify({ ...jane, firstName: 'retry' }, true, 'retry'), forced('document'));
  for (const decision of ['verified', 'document', 'suspended'] as const) {
    assert.deepEqual(verify({ ...jane, firstName: decision }, true, 'retry'), forced(decision));
  }
});

test('sandbox: other names, or magic values in other fields, take the rules', () => {
  assert.deepEqual(verify(jane, true), { score: 100, decision: 'verified', reasons: [] });
  assert.deepEqual(verify({ ...jane, lastName: 'suspended' }, true), { score: 100, decision: 'verified', reasons: [] });
  assert.deepEqual(verify({ ...jane, firstName: 'verified!' }, true).reasons, []);
  assert.deepEqual(verify({ ...jane, firstName: 'kba' }, true).reasons, []);
  assert.equal(verify({ ...jane, firstName: 'Suspended Sam' }, true).decision, 'verified');
});

test('outside the sandbox the magic values are ordinary (and plausible) names', () => {
  for (const decision of DECISIONS) {
    assert.deepEqual(verify({ ...jane, firstName: decision }, false), { score: 100, decision: 'verified', reasons: [] }, decision);
    assert.deepEqual(verify({ ...acme, businessName: decision, controller: { ...bob, firstName: decision } }, false).reasons, []);
  }
  assert.equal(verify({ ...jane, firstName: 'verified', ssn: '666345678' }, false).decision, 'retry');
});

test('sandbox: a business\'s name or its controller\'s first name forces the outcome', () => {
  for (const decision of DECISIONS) {
    assert.deepEqual(verify({ ...acme, businessName: decision }, true), forced(decision), `businessName ${decision}`);
    assert.deepEqual(verify({ ...acme, controller: { ...bob, firstName: decision } }, true), forced(decision), `controller ${decision}`);
  }
});

test('sandbox: when both are magic, the more severe wins', () => {
  const severity: VerificationDecision[] = ['suspended', 'document', 'retry', 'verified'];
  for (const a of DECISIONS) {
    for (const b of DECISIONS) {
      const expected = severity.find((decision) => decision === a || decision === b) ?? 'verified';
      assert.deepEqual(verify({ ...acme, businessName: a, controller: { ...bob, firstName: b } }, true), forced(expected), `${a} + ${b}`);
    }
  }
  assert.deepEqual(verify({ ...acme, businessName: 'retry', controller: { ...bob, firstName: 'retry' } }, true, 'retry'), forced('document'));
});

test('sandbox: a controlled business\'s own first name is not magic; a sole proprietor\'s is', () => {
  assert.deepEqual(verify({ ...acme, firstName: 'suspended' }, true), { score: 100, decision: 'verified', reasons: [] });
  const sole: CustomerInput = { ...jane, type: 'business', businessType: 'soleProprietorship', businessName: 'Jane Bakes' };
  assert.deepEqual(verify({ ...sole, firstName: 'document' }, true), forced('document'));
  assert.deepEqual(verify({ ...sole, businessName: 'suspended', firstName: 'retry' }, true), forced('suspended'));
});

test('sandbox: personal-type rules apply to the other customer types too', () => {
  assert.deepEqual(verify({ ...jane, type: 'receive-only', firstName: 'document' }, true), forced('document'));
  assert.deepEqual(verify({ ...jane, type: 'unverified', firstName: 'verified' }, true), forced('verified'));
});
