import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Controller, CustomerInput } from '../customer/customer.js';
import { US_CONTROLLER } from './identities.fixtures.js';
import { verifyByRules } from './rules-verifier.js';

const TODAY = '2026-01-15';

const bob: Controller = US_CONTROLLER;

const foreignBob: Controller = {
  ...bob,
  ssn: undefined,
  passport: { number: 'AB123456', country: 'CA' },
  address: { address1: '1 Bay St', city: 'Toronto', stateProvinceRegion: 'ON', postalCode: 'M5J 2N8', country: 'CA' },
};

const acme: CustomerInput = {
  type: 'business',
  businessType: 'llc',
  firstName: 'Ann',
  lastName: 'Lee',
  email: 'ann@acme.example',
  address1: '2 Market St',
  city: 'New York',
  state: 'NY',
  postalCode: '10001',
  businessName: 'Acme LLC',
  businessClassification: '9ed3f670-7d6f-11e3-b1ce-5404a6144203',
  ein: '12-3456789',
  controller: bob,
};

const bakery: CustomerInput = {
  type: 'business',
  businessType: 'soleProprietorship',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@bakes.example',
  dateOfBirth: '1990-04-12',
  address1: '3 Bread St',
  city: 'Chicago',
  state: 'IL',
  postalCode: '60601',
  ssn: '212345678',
  businessName: 'Jane Bakes',
  businessClassification: '9ed3f670-7d6f-11e3-b1ce-5404a6144203',
};

function verify(input: CustomerInput, attempt: 'initial' | 'retry' = 'initial') {
  return verifyByRules({ input, attempt, sandbox: false, today: TODAY });
}

const withController = (changes: Partial<Controller>): CustomerInput => ({ ...acme, controller: { ...bob, ...changes } });

test('clean businesses are verified', () => {
  for (const businessType of ['llc', 'corporation', 'partnership'] as const) {
    assert.deepEqual(verify({ ...acme, businessType }), { score: 100, decision: 'verified', reasons: [] }, businessType);
  }
  assert.deepEqual(verify(bakery), { score: 100, decision: 'verified', reasons: [] });
  assert.deepEqual(verify({ ...bakery, ein: '123456789' }), { score: 100, decision: 'verified', reasons: [] });
});

test('sole proprietorship: the proprietor is checked like a person, plus business name and optional EIN', () => {
  assert.deepEqual(verify({ ...bakery, ssn: undefined }), { score: 60, decision: 'document', reasons: ['ssn.missing'] });
  assert.deepEqual(verify({ ...bakery, ssn: '6789' }), { score: 90, decision: 'verified', reasons: ['ssn.last4_only'] });
  assert.equal(verify({ ...bakery, ssn: '078051120' }).decision, 'suspended');
  assert.deepEqual(verify({ ...bakery, dateOfBirth: '2012-01-01' }).reasons, ['dob.age_out_of_range']);
  assert.deepEqual(verify({ ...bakery, businessName: 'test' }), { score: 75, decision: 'retry', reasons: ['business.name_implausible'] });
  assert.deepEqual(verify({ ...bakery, businessName: undefined }).reasons, ['business.name_implausible']);
  assert.deepEqual(verify({ ...bakery, ein: '07-3456789' }), { score: 60, decision: 'retry', reasons: ['ein.invalid'] });
  assert.deepEqual(verify({ ...bakery, postalCode: '10001' }).reasons, ['address.zip_state_mismatch']);
});

test('EIN: required for a controlled business, with an assigned prefix', () => {
  assert.deepEqual(verify({ ...acme, ein: undefined }), { score: 60, decision: 'retry', reasons: ['ein.missing'] });
  for (const ein of ['00-3456789', '97-3456789', '12345678', '12-345678X']) {
    assert.deepEqual(verify({ ...acme, ein }), { score: 60, decision: 'retry', reasons: ['ein.invalid'] }, ein);
  }
  assert.equal(verify({ ...acme, ein: undefined }, 'retry').decision, 'document');
});

test('the business\'s own name, contact and address are checked', () => {
  assert.deepEqual(verify({ ...acme, businessName: 'xxx' }).reasons, ['business.name_implausible']);
  assert.deepEqual(verify({ ...acme, firstName: 'none' }).reasons, ['name.implausible']);
  assert.deepEqual(verify({ ...acme, email: 'ann@', phone: '5555' }).reasons, ['email.invalid', 'phone.invalid']);
  assert.deepEqual(verify({ ...acme, state: 'CA' }).reasons, ['address.zip_state_mismatch']);
  assert.deepEqual(verify({ ...acme, state: 'XX' }).reasons, ['address.state_invalid']);
});

test('a controlled business ignores the customer\'s own date of birth and SSN', () => {
  assert.deepEqual(verify({ ...acme, dateOfBirth: 'nonsense', ssn: '078051120' }), { score: 100, decision: 'verified', reasons: [] });
});

test('no controller: document', () => {
  assert.deepEqual(verify({ ...acme, controller: undefined }), { score: 40, decision: 'document', reasons: ['controller.missing'] });
});

test('controller SSN rules carry the controller. prefix', () => {
  assert.deepEqual(verify(withController({ ssn: '6789' })), { score: 90, decision: 'verified', reasons: ['controller.ssn.last4_only'] });
  assert.deepEqual(verify(withController({ ssn: '666345678' })), { score: 50, decision: 'retry', reasons: ['controller.ssn.invalid'] });
  assert.deepEqual(verify(withController({ ssn: '666345678' }), 'retry'), { score: 50, decision: 'document', reasons: ['controller.ssn.invalid'] });
  assert.deepEqual(verify(withController({ ssn: '219099999' })), {
    score: 0,
    decision: 'suspended',
    reasons: ['controller.ssn.invalid', 'controller.ssn.known_invalid', 'fraud.suspected'],
  });
  assert.deepEqual(verify(withController({ ssn: undefined })), { score: 60, decision: 'document', reasons: ['controller.ssn.missing'] });
});

test('controller date of birth rules carry the prefix; an invalid SSN with an out-of-range age is fraud', () => {
  assert.deepEqual(verify(withController({ dateOfBirth: '1980-13-01' })).reasons, ['controller.dob.invalid']);
  assert.deepEqual(verify(withController({ dateOfBirth: undefined })).reasons, ['controller.dob.missing']);
  assert.deepEqual(verify(withController({ dateOfBirth: '2010-01-01' })), { score: 70, decision: 'retry', reasons: ['controller.dob.age_out_of_range'] });
  assert.deepEqual(verify(withController({ dateOfBirth: '2010-01-01', ssn: '212000000' })), {
    score: 20,
    decision: 'suspended',
    reasons: ['controller.dob.age_out_of_range', 'controller.ssn.invalid', 'fraud.suspected'],
  });
});

test('controller names', () => {
  assert.deepEqual(verify(withController({ lastName: 'Unknown' })).reasons, ['controller.name.implausible']);
  assert.deepEqual(verify(withController({ firstName: '---' })).reasons, ['controller.name.implausible']);
});

test('a non-US controller may give a passport instead of an SSN', () => {
  assert.deepEqual(verify({ ...acme, controller: foreignBob }), { score: 100, decision: 'verified', reasons: [] });
  assert.equal(verify({ ...acme, controller: { ...foreignBob, passport: { number: 'AB123456', country: 'gb' } } }).decision, 'verified');
});

test('an unacceptable passport is like no SSN: document', () => {
  const passports = [
    { number: '', country: 'CA' },
    { number: 'AB1', country: 'CA' },
    { number: 'AB123456', country: 'Canada' },
    { number: 'AB123456', country: 'US' },
  ];
  for (const passport of passports) {
    assert.deepEqual(
      verify({ ...acme, controller: { ...foreignBob, passport } }),
      { score: 60, decision: 'document', reasons: ['controller.passport.invalid'] },
      JSON.stringify(passport),
    );
  }
  assert.deepEqual(verify({ ...acme, controller: { ...foreignBob, passport: undefined } }).reasons, ['controller.ssn.missing']);
});

test('with an SSN, a passport is not needed or looked at', () => {
  assert.deepEqual(verify(withController({ passport: { number: 'x', country: 'nowhere' } })), { score: 100, decision: 'verified', reasons: [] });
});

test('a US controller\'s address is checked with controller.address. codes; a foreign one is not', () => {
  const address = (changes: Partial<Controller['address']>) => withController({ address: { ...bob.address, ...changes } });
  assert.deepEqual(verify(address({ stateProvinceRegion: 'OK' })).reasons, ['controller.address.zip_state_mismatch']);
  assert.deepEqual(verify(address({ stateProvinceRegion: 'Texas' })).reasons, ['controller.address.state_invalid']);
  assert.deepEqual(verify(address({ postalCode: undefined })).reasons, ['controller.address.zip_invalid']);
  assert.deepEqual(verify(address({ stateProvinceRegion: 'tx', country: 'us' })).reasons, [], 'case is normalised');
  assert.deepEqual(verify(address({ country: undefined as unknown as string, stateProvinceRegion: 'ZZ' })).reasons, ['controller.address.state_invalid'], 'no country means US');
  assert.deepEqual(verify(address({ country: 'MX', stateProvinceRegion: 'Jalisco', postalCode: '44100' })).reasons, []);
});

test('a business type but no controller is a sole proprietorship; a controller makes it controlled', () => {
  assert.deepEqual(verify({ ...bakery, businessType: undefined }), { score: 100, decision: 'verified', reasons: [] });
  assert.deepEqual(verify({ ...acme, businessType: undefined }), { score: 100, decision: 'verified', reasons: [] });
  assert.deepEqual(verify({ ...acme, businessType: undefined, controller: undefined }).reasons, ['dob.missing', 'ssn.missing']);
});
