import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Controller, CustomerInput } from '../customer/customer.js';
import { canonicalJson, fingerprintFields, identityFields } from './identity-fields.js';
import { US_CONTROLLER } from './identities.fixtures.js';
import { verifyByRules } from './rules-verifier.js';

const person: CustomerInput = {
  type: 'personal',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'Jane.Doe@Example.com',
  phone: '2125550100',
  dateOfBirth: '1990-04-12',
  address1: '99-99 33rd St',
  city: 'New York',
  state: 'NY',
  postalCode: '10001',
  ssn: '212-34-5678',
  ipAddress: '192.0.2.1',
  externalReference: 'ref-1',
  comment: 'hello',
};

const controller: Controller = US_CONTROLLER;

const llc: CustomerInput = {
  type: 'business',
  businessType: 'llc',
  firstName: 'Ann',
  lastName: 'Lee',
  email: 'ann@acme.example',
  state: 'NY',
  postalCode: '10001',
  businessName: 'Acme LLC',
  businessClassification: '9ed3f670-7d6f-11e3-b1ce-5404a6144203',
  ein: '12-3456789',
  dateOfBirth: '1970-01-01',
  ssn: '6789',
  controller,
};

test('a person: the fields read, normalised', () => {
  assert.deepEqual(identityFields(person), {
    kind: 'personal',
    firstName: 'jane',
    lastName: 'doe',
    email: 'jane.doe@example.com',
    phone: '2125550100',
    dateOfBirth: '1990-04-12',
    ssn: '212345678',
    address: { state: 'NY', postalCode: '10001' },
    businessName: undefined,
    ein: undefined,
    controller: undefined,
  });
});

test('the fingerprint is canonical JSON of exactly those fields', () => {
  assert.equal(
    fingerprintFields(person),
    '{"address":{"postalCode":"10001","state":"NY"},"dateOfBirth":"1990-04-12","email":"jane.doe@example.com",' +
      '"firstName":"jane","kind":"personal","lastName":"doe","phone":"2125550100","ssn":"212345678"}',
  );
});

test('fields the verifier does not read leave the fingerprint alone', () => {
  const base = fingerprintFields(person);
  const others: CustomerInput[] = [
    { ...person, address1: '1 Other St', address2: 'Apt 2', city: 'Elsewhere', ipAddress: '198.51.100.7' },
    { ...person, externalReference: 'ref-2', comment: 'changed', company: 'X', website: 'https://x.example' },
    { ...person, businessName: 'Ignored for a person', ein: '123456789', controller },
    { ...person, country: 'US' },
  ];
  for (const other of others) assert.equal(fingerprintFields(other), base);
});

test('key order, case, spacing and separators do not matter', () => {
  const reordered = Object.fromEntries(Object.entries(person).reverse()) as CustomerInput;
  assert.equal(fingerprintFields(reordered), fingerprintFields(person));
  const restyled: CustomerInput = { ...person, firstName: '  JANE ', lastName: 'doe', email: ' jane.doe@example.COM', ssn: '212345678', state: 'ny', phone: '212-555-0100' };
  assert.equal(fingerprintFields(restyled), fingerprintFields(person));
});

test('every field read changes the fingerprint', () => {
  const base = fingerprintFields(person);
  const changes: CustomerInput[] = [
    { ...person, firstName: 'Janet' },
    { ...person, lastName: 'Roe' },
    { ...person, email: 'jane@example.org' },
    { ...person, phone: '2125550101' },
    { ...person, phone: undefined },
    { ...person, dateOfBirth: '1990-04-13' },
    { ...person, ssn: '212345679' },
    { ...person, ssn: '5678' },
    { ...person, state: 'NJ' },
    { ...person, postalCode: '10002' },
    { ...person, type: 'business', businessType: 'soleProprietorship' },
  ];
  for (const changed of changes) assert.notEqual(fingerprintFields(changed), base, JSON.stringify(changed));
});

test('a sole proprietorship adds business name and EIN; a business type but no controller counts as one', () => {
  const sole: CustomerInput = { ...person, type: 'business', businessType: 'soleProprietorship', businessName: 'Jane Bakes', ein: '12-3456789' };
  const fields = identityFields(sole);
  assert.equal(fields.kind, 'soleProprietorship');
  assert.equal(fields.businessName, 'jane bakes');
  assert.equal(fields.ein, '123456789');
  assert.equal(fields.ssn, '212345678');
  assert.equal(fields.controller, undefined);
  assert.equal(identityFields({ ...sole, businessType: undefined }).kind, 'soleProprietorship');
  assert.equal(identityFields({ ...sole, businessType: undefined, controller }).kind, 'controlledBusiness');
  assert.equal(identityFields({ ...sole, businessType: 'corporation' }).kind, 'controlledBusiness');
  assert.equal(identityFields({ ...person, type: 'unverified' }).kind, 'personal');
  assert.equal(identityFields({ ...person, type: undefined }).kind, 'personal');
});

test('a controlled business: the controller instead of the customer\'s own date of birth and SSN', () => {
  const fields = identityFields(llc);
  assert.equal(fields.kind, 'controlledBusiness');
  assert.equal(fields.dateOfBirth, undefined);
  assert.equal(fields.ssn, undefined);
  assert.equal(fields.ein, '123456789');
  assert.deepEqual(fields.controller, {
    firstName: 'bob',
    lastName: 'smith',
    dateOfBirth: '1980-01-01',
    ssn: '212345678',
    passport: undefined,
    address: { country: 'US', state: 'TX', postalCode: '73301' },
  });
  assert.equal(fingerprintFields({ ...llc, dateOfBirth: '2001-01-01', ssn: '0000', controller: { ...controller, title: 'CFO' } }), fingerprintFields(llc));
});

test('a controller\'s passport is read only without an SSN; a foreign address only for its country', () => {
  const foreign: Controller = {
    ...controller,
    ssn: undefined,
    passport: { number: 'ab 123456', country: 'ca' },
    address: { address1: '1 Bay St', city: 'Toronto', stateProvinceRegion: 'ON', postalCode: 'M5J 2N8', country: 'ca' },
  };
  assert.deepEqual(identityFields({ ...llc, controller: foreign }).controller, {
    firstName: 'bob',
    lastName: 'smith',
    dateOfBirth: '1980-01-01',
    ssn: undefined,
    passport: { number: 'AB123456', country: 'CA' },
    address: { country: 'CA' },
  });
  const withSsn = { ...controller, passport: { number: 'AB123456', country: 'CA' } };
  assert.equal(identityFields({ ...llc, controller: withSsn }).controller?.passport, undefined);
  const noCountry = { ...controller, address: { ...controller.address, country: undefined as unknown as string } };
  assert.equal(identityFields({ ...llc, controller: noCountry }).controller?.address.country, 'US');
});

test('odd input never throws', () => {
  const odd = [
    null,
    undefined,
    {},
    { type: 'business', controller: 'nobody' },
    { type: 'business', businessType: 'llc', controller: { address: null, passport: 7, firstName: 12 } },
    { firstName: 42, ssn: ['1'], state: {}, email: null },
  ];
  for (const input of odd) {
    assert.doesNotThrow(() => fingerprintFields(input as unknown as CustomerInput));
    assert.doesNotThrow(() => identityFields(input as unknown as CustomerInput));
  }
  assert.equal(fingerprintFields({ firstName: '   ', ssn: ' - ' }), '{"address":{},"kind":"personal"}');
});

test('canonical JSON sorts keys at every level and drops undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: undefined, c: 'x' }, e: [{ z: 1, y: 2 }] }), '{"a":{"c":"x"},"b":1,"e":[{"y":2,"z":1}]}');
  assert.equal(canonicalJson('a"b'), '"a\\"b"');
  assert.equal(canonicalJson(undefined), 'null');
});

test('the same fingerprint always gets the same result', () => {
  const pairs: [CustomerInput, CustomerInput][] = [
    [person, { ...person, firstName: 'JANE', city: 'Brooklyn', ssn: '212 34 5678' }],
    [{ ...person, firstName: 'Test' }, { ...person, firstName: ' test ' }],
    [llc, { ...llc, ssn: undefined, dateOfBirth: 'garbage', controller: { ...controller, firstName: 'BOB' } }],
  ];
  for (const [a, b] of pairs) {
    assert.equal(fingerprintFields(a), fingerprintFields(b));
    for (const sandbox of [false, true]) {
      for (const attempt of ['initial', 'retry'] as const) {
        const request = { attempt, sandbox, today: '2026-01-15' };
        assert.deepEqual(verifyByRules({ ...request, input: a }), verifyByRules({ ...request, input: b }));
      }
    }
  }
});
