import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomerInput } from '../customer/customer.js';
import type { VerificationRequest } from './identity-verifier.js';
import { RulesVerifier, fingerprintFields, verifyByRules } from './rules-verifier.js';
import { REASON_WEIGHTS } from './scoring.js';

const TODAY = '2026-01-15';

const jane: CustomerInput = {
  type: 'personal',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@example.com',
  phone: '2125550100',
  dateOfBirth: '1990-04-12',
  address1: '99-99 33rd St',
  city: 'New York',
  state: 'NY',
  postalCode: '10001',
  ssn: '212345678',
};

function verify(changes: Partial<Record<keyof CustomerInput, unknown>>, attempt: 'initial' | 'retry' = 'initial') {
  return verifyByRules({ input: { ...jane, ...changes } as CustomerInput, attempt, sandbox: false, today: TODAY });
}

test('a clean identity is verified with a full score and no reasons', () => {
  assert.deepEqual(verify({}), { score: 100, decision: 'verified', reasons: [] });
  assert.deepEqual(verify({}, 'retry'), { score: 100, decision: 'verified', reasons: [] });
});

test('each failing rule gives its reason and weight (initial attempt)', () => {
  const cases: [Partial<Record<keyof CustomerInput, unknown>>, string, 'verified' | 'retry'][] = [
    [{ ssn: '6789' }, 'ssn.last4_only', 'verified'],
    [{ ssn: '666345678' }, 'ssn.invalid', 'retry'],
    [{ ssn: '212005678' }, 'ssn.invalid', 'retry'],
    [{ ssn: '212340000' }, 'ssn.invalid', 'retry'],
    [{ ssn: '912345678' }, 'ssn.invalid', 'retry'],
    [{ ssn: '2123456' }, 'ssn.invalid', 'retry'],
    [{ dateOfBirth: '1990-02-30' }, 'dob.invalid', 'retry'],
    [{ dateOfBirth: undefined }, 'dob.missing', 'retry'],
    [{ dateOfBirth: '2010-01-01' }, 'dob.age_out_of_range', 'retry'],
    [{ dateOfBirth: '1880-01-01' }, 'dob.age_out_of_range', 'retry'],
    [{ state: 'ZZ' }, 'address.state_invalid', 'retry'],
    [{ state: undefined }, 'address.state_invalid', 'retry'],
    [{ postalCode: '07102' }, 'address.zip_state_mismatch', 'retry'],
    [{ postalCode: undefined }, 'address.zip_invalid', 'retry'],
    [{ postalCode: '1000' }, 'address.zip_invalid', 'retry'],
    [{ phone: '1115550100' }, 'phone.invalid', 'verified'],
    [{ phone: '+1234' }, 'phone.invalid', 'verified'],
    [{ email: 'jane@example' }, 'email.invalid', 'verified'],
    [{ firstName: 'Test' }, 'name.implausible', 'retry'],
    [{ lastName: 'xxx' }, 'name.implausible', 'retry'],
    [{ firstName: '12345' }, 'name.implausible', 'retry'],
    [{ firstName: undefined }, 'name.implausible', 'retry'],
  ];
  for (const [changes, reason, decision] of cases) {
    const code = reason as keyof typeof REASON_WEIGHTS;
    assert.deepEqual(verify(changes), { score: 100 - REASON_WEIGHTS[code], decision, reasons: [reason] }, JSON.stringify(changes));
  }
});

test('passing values give no reason', () => {
  const passing: Partial<Record<keyof CustomerInput, unknown>>[] = [
    { phone: undefined },
    { phone: '+442071838750' },
    { email: undefined },
    { firstName: 'José', lastName: "O'Brien-Núñez" },
    { firstName: 'Verified' },
    { state: 'TX', postalCode: '73301' },
    { state: 'PR', postalCode: '00901' },
    { postalCode: '10001-1234' },
    { dateOfBirth: '2008-01-15' },
    { ssn: '212-34-5678' },
  ];
  for (const changes of passing) assert.deepEqual(verify(changes).reasons, [], JSON.stringify(changes));
});

test('both names implausible: one reason, counted once', () => {
  assert.deepEqual(verify({ firstName: 'asdf', lastName: 'qwerty' }), { score: 70, decision: 'retry', reasons: ['name.implausible'] });
});

test('reasons come in rule order and add up', () => {
  const result = verify({ firstName: 'n/a', email: 'bad', phone: '123', state: 'NJ', ssn: '6789' });
  assert.deepEqual(result.reasons, ['name.implausible', 'email.invalid', 'phone.invalid', 'address.zip_state_mismatch', 'ssn.last4_only']);
  assert.equal(result.score, 100 - 30 - 10 - 10 - 25 - 10);
  assert.equal(verify({ firstName: 'n/a', email: 'bad', phone: '123', state: 'NJ', dateOfBirth: 'x', ssn: '6789' }).score, 0);
});

test('last 4 only: verified when nothing else is wrong, retry (for the full SSN) when something is', () => {
  assert.deepEqual(verify({ ssn: '6789' }), { score: 90, decision: 'verified', reasons: ['ssn.last4_only'] });
  assert.deepEqual(verify({ ssn: '6789', phone: '123' }), { score: 80, decision: 'verified', reasons: ['phone.invalid', 'ssn.last4_only'] });
  assert.deepEqual(verify({ ssn: '6789', postalCode: '07102' }), {
    score: 65,
    decision: 'retry',
    reasons: ['address.zip_state_mismatch', 'ssn.last4_only'],
  });
  assert.deepEqual(verify({ ssn: '0000' }), { score: 40, decision: 'retry', reasons: ['ssn.last4_only', 'ssn.invalid'] });
});

test('no SSN at all: document, whatever the score', () => {
  assert.deepEqual(verify({ ssn: undefined }), { score: 60, decision: 'document', reasons: ['ssn.missing'] });
  assert.deepEqual(verify({ ssn: '' }), { score: 60, decision: 'document', reasons: ['ssn.missing'] });
  assert.equal(verify({ ssn: undefined, firstName: 'test', state: 'ZZ' }, 'retry').decision, 'document');
});

test('fraud signals suspend: a known-invalid SSN', () => {
  for (const ssn of ['078051120', '219-09-9999', '123456789', '111111111', '987654325']) {
    const result = verify({ ssn });
    assert.equal(result.decision, 'suspended', ssn);
    assert.deepEqual(result.reasons.filter((r) => r.startsWith('ssn.') || r.startsWith('fraud.')), ['ssn.invalid', 'ssn.known_invalid', 'fraud.suspected'], ssn);
  }
  assert.deepEqual(verify({ ssn: '078051120' }), { score: 0, decision: 'suspended', reasons: ['ssn.invalid', 'ssn.known_invalid', 'fraud.suspected'] });
});

test('fraud signals suspend: a structurally invalid SSN with an age out of range', () => {
  assert.deepEqual(verify({ ssn: '000123456', dateOfBirth: '2015-06-01' }), {
    score: 20,
    decision: 'suspended',
    reasons: ['dob.age_out_of_range', 'ssn.invalid', 'fraud.suspected'],
  });
  assert.equal(verify({ ssn: '0000', dateOfBirth: '1800-01-01' }).decision, 'suspended');
});

test('not fraud: an invalid SSN with an impossible (rather than out-of-range) date, or a valid SSN with a minor\'s age', () => {
  assert.deepEqual(verify({ ssn: '000123456', dateOfBirth: '1990-02-30' }), { score: 20, decision: 'retry', reasons: ['dob.invalid', 'ssn.invalid'] });
  assert.deepEqual(verify({ dateOfBirth: '2015-06-01' }), { score: 70, decision: 'retry', reasons: ['dob.age_out_of_range'] });
  assert.deepEqual(verify({ ssn: '000000000' }), { score: 50, decision: 'retry', reasons: ['ssn.invalid'] });
});

test('retry attempt: verified at 80, document from 40, suspended below', () => {
  assert.equal(verify({ phone: '123', email: 'x' }, 'retry').decision, 'verified');
  assert.deepEqual(verify({ ssn: '666345678' }, 'retry'), { score: 50, decision: 'document', reasons: ['ssn.invalid'] });
  assert.deepEqual(verify({ ssn: '0000' }, 'retry'), { score: 40, decision: 'document', reasons: ['ssn.last4_only', 'ssn.invalid'] });
  assert.deepEqual(verify({ ssn: '666345678', firstName: 'test' }, 'retry'), { score: 20, decision: 'suspended', reasons: ['name.implausible', 'ssn.invalid'] });
});

test('a retry attempt never answers retry', () => {
  const variations: Partial<Record<keyof CustomerInput, unknown>>[] = [
    {}, { ssn: '6789' }, { ssn: '666345678' }, { state: 'ZZ' }, { firstName: 'test', lastName: 'test' }, { dateOfBirth: 'x' },
    { postalCode: '07102', ssn: '6789' }, { ssn: '000000000', dateOfBirth: 'x', state: 'ZZ', firstName: 'n/a', email: 'x', phone: 'x' },
  ];
  for (const changes of variations) {
    assert.equal(verify(changes, 'initial').decision === 'verified', verify(changes, 'retry').decision === 'verified');
    assert.notEqual(verify(changes, 'retry').decision, 'retry', JSON.stringify(changes));
  }
});

test('deterministic: the same request twice gives deep-equal results', async () => {
  const verifier = new RulesVerifier();
  const requests: VerificationRequest[] = [
    { input: jane, attempt: 'initial', sandbox: false, today: TODAY },
    { input: { ...jane, ssn: '6789', postalCode: '07102' }, attempt: 'initial', sandbox: false, today: TODAY },
    { input: { ...jane, ssn: '078051120' }, attempt: 'retry', sandbox: true, today: TODAY },
    { input: { ...jane, firstName: 'document' }, attempt: 'initial', sandbox: true, today: TODAY },
  ];
  for (const request of requests) {
    const first = await verifier.verify(request);
    const second = await verifier.verify(structuredClone(request));
    assert.deepEqual(second, first);
    assert.deepEqual(await new RulesVerifier().verify(request), first);
    assert.deepEqual(verifyByRules(request), first);
  }
});

test('the age is judged on the request\'s day', () => {
  const input = { ...jane, dateOfBirth: '2008-01-16' };
  assert.equal(verifyByRules({ input, attempt: 'initial', sandbox: false, today: '2026-01-15' }).decision, 'retry');
  assert.equal(verifyByRules({ input, attempt: 'initial', sandbox: false, today: '2026-01-16' }).decision, 'verified');
});

test('odd input is scored, never thrown on', async () => {
  const odd: unknown[] = [
    null, undefined, {}, { type: 'unknown-type' }, { firstName: 7, ssn: 123456789, state: ['NY'], dateOfBirth: {} },
    { type: 'business', businessType: 'llc', controller: null }, { type: 'business', controller: { address: 'x', passport: 'y' } },
  ];
  const verifier = new RulesVerifier();
  for (const input of odd) {
    for (const attempt of ['initial', 'retry', 'other'] as const) {
      const request = { input, attempt, sandbox: true, today: 'not a date' } as unknown as VerificationRequest;
      const result = await verifier.verify(request);
      assert.ok(result.score >= 0 && result.score <= 100);
      assert.ok(['verified', 'retry', 'document', 'suspended'].includes(result.decision));
      if (attempt !== 'initial') assert.notEqual(result.decision, 'retry');
    }
  }
  assert.deepEqual(verifyByRules({ input: {}, attempt: 'initial', sandbox: false, today: TODAY }), {
    score: 0,
    decision: 'document',
    reasons: ['name.implausible', 'address.state_invalid', 'dob.missing', 'ssn.missing'],
  });
});

test('every reason given is a documented code', () => {
  const inputs: CustomerInput[] = [jane, { ...jane, ssn: '078051120', email: 'x', phone: 'x', state: 'ZZ', firstName: 'x', dateOfBirth: '2020-01-01' }];
  for (const input of inputs) {
    for (const reason of verifyByRules({ input, attempt: 'initial', sandbox: false, today: TODAY }).reasons) {
      assert.ok(reason in REASON_WEIGHTS, reason);
    }
  }
});

test('fingerprintFields is exported beside the verifier', () => {
  assert.equal(typeof fingerprintFields(jane), 'string');
});
