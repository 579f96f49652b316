import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomerInput, CustomerStatus, CustomerType } from './customer.js';
import { canUpdateInfo, isPoBox, normalizeCustomerInput, normalizeCustomerUpdate, UPDATABLE_FIELDS } from './customer-rules.js';
import { isWellFormedEmail, US_STATE_CODES, validateCustomerInput, validateCustomerUpdate } from './customer-rules.js';

import { wordedProblem } from '../field-problems.js';
import { BUSINESS, FOREIGN_CONTROLLER, FR_ADDRESS, IA_ADDRESS, LLC, PERSONAL, SOLE_PROP, TODAY, UNVERIFIED, US_CONTROLLER } from './customer-inputs.fixtures.js';

/** Normalises, then validates: the order the service uses. */
function check(input: unknown, purpose: 'create' | 'retry' = 'create') {
  return validateCustomerInput(normalizeCustomerInput(input as CustomerInput), { today: TODAY, purpose }).map(wordedProblem);
}
/** An update's problems, worded as Verity shows them. */
const updateProblems = (...args: Parameters<typeof validateCustomerUpdate>) => validateCustomerUpdate(...args).map(wordedProblem);
const summary = (input: unknown, purpose?: 'create' | 'retry') => check(input, purpose).map((p) => `${p.pointer} ${p.code}`);
/** Problems at one pointer (field tests ignore the rest of the payload). */
const at = (input: unknown, pointer: string) => summary(input).filter((line) => line.startsWith(`${pointer} `));

describe('validateCustomerInput: complete payloads', () => {
  const valid: Record<string, object> = {
    'unverified without type': UNVERIFIED,
    unverified: { ...UNVERIFIED, type: 'unverified', businessName: 'Side gig', ipAddress: '10.0.0.1', phone: '555-432-1234' },
    'receive-only': { ...UNVERIFIED, type: 'receive-only', externalReference: 'ref-1', company: 'Acme', comment: 'vip' },
    personal: { ...PERSONAL, address2: 'Apt 8', phone: '5554321234', ipAddress: '::1' },
    'personal, full SSN with dashes': { ...PERSONAL, ssn: '123-45-6789' },
    'sole proprietorship': { ...SOLE_PROP, ein: '12-3456789', doingBusinessAs: 'JC', website: 'https://jane.example' },
    llc: LLC,
    corporation: { ...LLC, businessType: 'corporation' },
    'partnership with a foreign controller': { ...LLC, businessType: 'partnership', controller: FOREIGN_CONTROLLER },
  };
  for (const [label, input] of Object.entries(valid)) {
    test(`accepts ${label}`, () => assert.deepEqual(check(input), []));
  }
});

describe('validateCustomerInput: required fields by type', () => {
  const base = ['/firstName', '/lastName', '/email'];
  const address = ['/address1', '/city', '/state', '/postalCode'];
  const business = ['/businessName', '/businessType', '/businessClassification'];
  const cases: [string, object, string[]][] = [
    ['unverified (type absent)', {}, base],
    ['unverified', { type: 'unverified' }, base],
    ['receive-only', { type: 'receive-only' }, base],
    ['personal', { type: 'personal' }, [...base, '/dateOfBirth', ...address, '/ssn']],
    ['soleProprietorship', { type: 'business', businessType: 'soleProprietorship' }, ['/firstName', '/lastName', '/email', '/dateOfBirth', ...address, '/ssn', '/businessName', '/businessClassification']],
    ['llc', { type: 'business', businessType: 'llc' }, [...base, ...address, '/businessName', '/businessClassification', '/ein', '/controller']],
    ['business without businessType', { type: 'business' }, [...base, ...address, ...business]],
  ];
  for (const [label, input, pointers] of cases) {
    test(label, () => {
      const problems = check(input);
      assert.deepEqual(problems.map((p) => p.pointer).sort(), [...pointers].sort());
      assert.ok(problems.every((p) => p.code === 'Required'));
    });
  }
  test('an unknown type is reported and only the base fields are required', () => {
    assert.deepEqual(summary({ ...UNVERIFIED, type: 'premium' }), ['/type Invalid']);
    assert.deepEqual(summary({ ...UNVERIFIED, type: 7 }), ['/type InvalidFormat']);
  });
  test('an unknown businessType is Invalid', () => assert.deepEqual(summary({ ...BUSINESS, businessType: 'trust' }), ['/businessType Invalid']));
});

describe('validateCustomerInput: fields not allowed for the type', () => {
  const cases: [string, object, string][] = [
    ['controller on personal', { ...PERSONAL, controller: US_CONTROLLER }, '/controller'],
    ['ein on personal', { ...PERSONAL, ein: '123456789' }, '/ein'],
    ['businessType on personal', { ...PERSONAL, businessType: 'llc' }, '/businessType'],
    ['businessName on personal', { ...PERSONAL, businessName: 'X' }, '/businessName'],
    ['controller on soleProprietorship', { ...SOLE_PROP, controller: US_CONTROLLER }, '/controller'],
    ['ssn on llc', { ...LLC, ssn: '1234' }, '/ssn'],
    ['dateOfBirth on llc', { ...LLC, dateOfBirth: '1970-01-01' }, '/dateOfBirth'],
    ['address on unverified', { ...UNVERIFIED, address1: '1 Main St' }, '/address1'],
    ['ssn on receive-only', { ...UNVERIFIED, type: 'receive-only', ssn: '1234' }, '/ssn'],
    ['website on unverified', { ...UNVERIFIED, website: 'https://a.example' }, '/website'],
  ];
  for (const [label, input, pointer] of cases) {
    test(label, () => assert.deepEqual(summary(input), [`${pointer} NotAllowed`]));
  }
  test('the detail names the type', () => {
    assert.equal(check({ ...SOLE_PROP, controller: US_CONTROLLER })[0]?.detail, 'Controller not allowed for soleProprietorship businesses.');
  });
});

describe('validateCustomerInput: field rules', () => {
  // [field, payload to put it in, accepted values, rejected values with their code]
  type Case = [string, object, unknown[], [unknown, string][]];
  const long = (n: number, c = 'a') => c.repeat(n);
  const cases: Case[] = [
    ['firstName', PERSONAL, ['Jane', "O'Brien-Smith", 'José', long(50)], [[long(51), 'InvalidFormat'], ...[...'<>="`!?%~${}\\'].map((c): [string, string] => [`Ja${c}ne`, 'InvalidFormat'])]],
    ['lastName', PERSONAL, ['Doe', long(50)], [[long(51), 'InvalidFormat'], ['D{o}e', 'InvalidFormat']]],
    ['businessName', SOLE_PROP, ['Acme & Sons, Inc.', long(255)], [[long(256), 'InvalidFormat'], ['Acme!', 'InvalidFormat']]],
    ['doingBusinessAs', SOLE_PROP, ['Acme', long(255)], [[long(256), 'InvalidFormat'], ['50% off', 'InvalidFormat']]],
    ['address1', PERSONAL, ['1 Pole Road', '12 Boxwood Ave', long(50)], [[long(51), 'InvalidFormat'], ['PO Box 12', 'Invalid']]],
    ['address2', PERSONAL, ['Apt 8', long(50)], [[long(51), 'InvalidFormat'], ['P.O. Box 7', 'Invalid']]],
    ['city', PERSONAL, ['Some City', "Coeur d'Alene", long(50)], [[long(51), 'InvalidFormat'], ['District 9', 'InvalidFormat']]],
    ['state', PERSONAL, ['NY', 'ny', ' dc ', 'PR', 'GU', 'VI', 'AS', 'MP'], [['XX', 'Invalid'], ['New York', 'InvalidFormat'], ['N1', 'InvalidFormat']]],
    ['postalCode', PERSONAL, ['11101', '11101-1234'], [['1110', 'InvalidFormat'], ['111011', 'InvalidFormat'], ['11101-12', 'InvalidFormat'], ['ABCDE', 'InvalidFormat']]],
    ['dateOfBirth', PERSONAL, ['1970-01-01', '2000-02-29', '2006-06-15', '1899-06-15', '1898-06-16'], [['1970-1-1', 'InvalidFormat'], ['01/01/1970', 'InvalidFormat'], ['2001-02-29', 'InvalidFormat'], ['1970-13-01', 'InvalidFormat'], ['2006-06-16', 'Invalid'], ['1898-06-15', 'Invalid'], ['2030-01-01', 'Invalid']]],
    ['ssn', PERSONAL, ['1234', '123456789', '123-45-6789'], [['123', 'InvalidFormat'], ['12345', 'InvalidFormat'], ['1234567890', 'InvalidFormat'], ['12a4', 'InvalidFormat']]],
    ['phone', PERSONAL, ['5554321234', '(555) 432-1234', '555.432.1234', '+1 555 432 1234', '15554321234'], [['555432123', 'InvalidFormat'], ['+44 20 7946 0958', 'InvalidFormat'], ['555-CALL-NOW', 'InvalidFormat']]],
    ['ein', SOLE_PROP, ['123456789', '12-3456789'], [['12345678', 'InvalidFormat'], ['1234567890', 'InvalidFormat'], ['12-345678x', 'InvalidFormat']]],
    ['website', SOLE_PROP, ['https://www.example.com', 'http://example.com/about?x=1'], [['www.example.com', 'InvalidFormat'], ['ftp://example.com', 'InvalidFormat'], ['http:example.com', 'InvalidFormat'], ['https://exa mple.com', 'InvalidFormat'], ['https://', 'InvalidFormat']]],
    ['email', PERSONAL, ['jane@example.com', 'Jane.Doe+kyc@mail.example.co.uk', `${long(64)}@example.com`], [['jane', 'InvalidFormat'], ['jane@example', 'InvalidFormat'], ['ja ne@example.com', 'InvalidFormat'], ['jane@@example.com', 'InvalidFormat'], ['.jane@example.com', 'InvalidFormat'], ['ja..ne@example.com', 'InvalidFormat'], [`${long(65)}@example.com`, 'InvalidFormat'], [`a@${long(250)}.com`, 'InvalidFormat']]],
    ['ipAddress', PERSONAL, ['10.0.0.1', '255.255.255.255', '::', '::1', '2001:db8::8a2e:370:7334', '1:2:3:4:5:6:7:8', '::ffff:192.0.2.128', 'fe80::1'], [['256.0.0.1', 'InvalidFormat'], ['1.2.3', 'InvalidFormat'], ['01.2.3.4', 'InvalidFormat'], ['1:2:3:4:5:6:7:8:9', 'InvalidFormat'], ['1::2::3', 'InvalidFormat'], ['12345::', 'InvalidFormat'], [':::', 'InvalidFormat'], ['1.2.3.4::', 'InvalidFormat'], ['1:2:3:4:5:6:7', 'InvalidFormat'], ['localhost', 'InvalidFormat']]],
    ['businessClassification', SOLE_PROP, ['9ed3f670-7d6f-11e3-b1ce-5404a6144203', 'retail', long(100)], [[long(101), 'InvalidFormat'], ['not an id', 'InvalidFormat']]],
    ['country', PERSONAL, ['US', 'us'], [['USA', 'InvalidFormat'], ['U1', 'InvalidFormat']]],
    ['externalReference', PERSONAL, ['order_42.a-B', long(255)], [[long(256), 'InvalidFormat'], ['has space', 'InvalidFormat'], ['a/b', 'InvalidFormat']]],
    ['company', PERSONAL, ['Acme', long(255)], [[long(256), 'InvalidFormat']]],
    ['comment', PERSONAL, ['Met at the fair!', long(1000)], [[long(1001), 'InvalidFormat']]],
  ];
  for (const [field, payload, good, bad] of cases) {
    test(field, () => {
      for (const value of good) assert.deepEqual(at({ ...payload, [field]: value }, `/${field}`), [], `${field}=${String(value)}`);
      for (const [value, code] of bad) assert.deepEqual(at({ ...payload, [field]: value }, `/${field}`), [`/${field} ${code}`], `${field}=${String(value)}`);
    });
  }
  test('a non-US customer gives an E.164 phone', () => {
    assert.deepEqual(check({ ...UNVERIFIED, country: 'GB', phone: '+44 20 7946 0958' }), []);
    assert.deepEqual(summary({ ...UNVERIFIED, country: 'GB', phone: '02079460958' }), ['/phone InvalidFormat']);
    assert.deepEqual(summary({ ...UNVERIFIED, country: 'GB', phone: '+1234567' }), ['/phone InvalidFormat']);
  });
  test('messages read like Dwolla', () => {
    const details = check({ ...PERSONAL, email: 'nope', postalCode: '1' }).map((p) => p.detail);
    assert.deepEqual(details, ['Email invalid.', 'PostalCode invalid.']);
    assert.deepEqual(check({})[0], { pointer: '/firstName', code: 'Required', detail: 'FirstName required.' });
    assert.equal(check({ ...PERSONAL, address1: 'PO Box 1' })[0]?.detail, 'Address1 cannot be a PO Box.');
  });
});

describe('isPoBox and US_STATE_CODES', () => {
  test('recognises PO boxes', () => {
    for (const line of ['PO Box 12', 'po box 12', 'P.O. Box 12', 'P. O. Box 12', 'P O Box 12', 'POBox 12', 'Post Office Box 9', 'post office box 9', 'POB 12', 'P.O.B. 12', 'pob #12', '1 Main St, PO Box 4']) {
      assert.equal(isPoBox(line), true, line);
    }
  });
  test('leaves streets alone', () => {
    for (const line of ['1 Pole Road', '12 Boxwood Ave', '5 Box Elder St', 'Poblano Way 5', '7 Pob Street', 'Tipo Box Lane', '99 Post Office Square', '3 Depot Rd', 'PO Boxwood']) {
      assert.equal(isPoBox(line), false, line);
    }
  });
  test('knows the 50 states, DC and five territories', () => {
    assert.equal(US_STATE_CODES.size, 56);
    for (const code of ['AL', 'WY', 'DC', 'PR', 'GU', 'VI', 'AS', 'MP']) assert.ok(US_STATE_CODES.has(code), code);
    for (const code of ['XX', 'ny', 'UM']) assert.ok(!US_STATE_CODES.has(code), code);
  });
});

describe('validateCustomerInput: controller', () => {
  const withController = (controller: unknown) => ({ ...LLC, controller });
    const cases: [string, unknown, string[]][] = [
    ['an array', [US_CONTROLLER], ['/controller InvalidFormat']],
    ['a string', 'John', ['/controller InvalidFormat']],
    ['empty', {}, ['/controller/firstName Required', '/controller/lastName Required', '/controller/title Required', '/controller/dateOfBirth Required', '/controller/address Required', '/controller/ssn Required']],
    ['an address that is not an object', { ...US_CONTROLLER, address: 'Des Moines' }, ['/controller/address InvalidFormat']],
    ['an empty address', { ...US_CONTROLLER, address: {} }, ['/controller/address/address1 Required', '/controller/address/city Required', '/controller/address/stateProvinceRegion Required', '/controller/address/country Required']],
    ['a US address without postal code', { ...US_CONTROLLER, address: { ...IA_ADDRESS, postalCode: '' } }, ['/controller/address/postalCode Required']],
    ['a US address with a bad state and ZIP', { ...US_CONTROLLER, address: { ...IA_ADDRESS, stateProvinceRegion: 'ZZ', postalCode: '5026' } }, ['/controller/address/stateProvinceRegion Invalid', '/controller/address/postalCode InvalidFormat']],
    ['a PO Box', { ...US_CONTROLLER, address: { ...IA_ADDRESS, address2: 'PO Box 5' } }, ['/controller/address/address2 Invalid']],
    ['a bad country', { ...FOREIGN_CONTROLLER, address: { ...FR_ADDRESS, country: 'France' } }, ['/controller/address/country InvalidFormat']],
    ['neither ssn nor passport (abroad)', { ...FOREIGN_CONTROLLER, passport: undefined }, ['/controller/passport Required']],
    ['both ssn and passport', { ...US_CONTROLLER, passport: { number: 'X1', country: 'US' } }, ['/controller/passport NotAllowed']],
    ['a passport that is not an object', { ...FOREIGN_CONTROLLER, passport: 'X1' }, ['/controller/passport InvalidFormat']],
    ['an incomplete passport', { ...FOREIGN_CONTROLLER, passport: { country: 'FRA' } }, ['/controller/passport/number Required', '/controller/passport/country InvalidFormat']],
    ['a long passport number', { ...FOREIGN_CONTROLLER, passport: { number: 'x'.repeat(256), country: 'FR' } }, ['/controller/passport/number InvalidFormat']],
    ['a bad ssn', { ...US_CONTROLLER, ssn: '12' }, ['/controller/ssn InvalidFormat']],
    ['bad names, title and age', { ...US_CONTROLLER, firstName: 'J<hn', lastName: 'x'.repeat(51), title: 't'.repeat(101), dateOfBirth: '2010-01-01' }, ['/controller/firstName InvalidFormat', '/controller/lastName InvalidFormat', '/controller/title InvalidFormat', '/controller/dateOfBirth Invalid']],
  ];
  for (const [label, controller, expected] of cases) {
    test(label, () => assert.deepEqual(summary(withController(controller)), expected));
  }
  test('a foreign address needs no postal code and takes any region', () => assert.deepEqual(check(withController(FOREIGN_CONTROLLER)), []));
  test('a US person abroad may give an ssn', () => assert.deepEqual(check(withController({ ...FOREIGN_CONTROLLER, passport: undefined, ssn: '123456789' })), []));
});

describe('validateCustomerInput: retry', () => {
  test('requires the full SSN', () => {
    assert.deepEqual(check(PERSONAL, 'retry'), [{ pointer: '/ssn', code: 'Invalid', detail: 'Full 9-digit SSN required on retry.' }]);
    assert.deepEqual(check({ ...PERSONAL, ssn: '123-45-6789' }, 'retry'), []);
    assert.deepEqual(summary({ ...SOLE_PROP, ssn: '6789' }, 'retry'), ['/ssn Invalid']);
  });
  test("requires the controller's full SSN", () => {
    assert.deepEqual(summary(LLC, 'retry'), ['/controller/ssn Invalid']);
    assert.deepEqual(check({ ...LLC, controller: { ...US_CONTROLLER, ssn: '123456789' } }, 'retry'), []);
    assert.deepEqual(check({ ...LLC, controller: FOREIGN_CONTROLLER }, 'retry'), []);
  });
  test('a missing SSN is still Required', () => assert.deepEqual(summary({ ...PERSONAL, ssn: undefined }, 'retry'), ['/ssn Required']));
});

test('validateCustomerInput reports every problem at once, in field order', () => {
  const input = { ...LLC, firstName: '', email: 'not-an-email', state: 'XX', ein: '12', controller: { ...US_CONTROLLER, title: '' }, ssn: '1234' };
  assert.deepEqual(summary(input), ['/firstName Required', '/email InvalidFormat', '/state Invalid', '/ssn NotAllowed', '/ein InvalidFormat', '/controller/title Required']);
});

describe('wrong JSON types never throw', () => {
  const odd: unknown[] = [0, 12, true, null, [], ['a'], {}, { a: 1 }, NaN, '  '];
  test('at the top', () => {
    for (const input of [null, undefined, 1, 'customer', [], [PERSONAL], true]) assert.deepEqual(summary(input), [' InvalidFormat'], String(input));
  });
  test('in every field and inside the controller', () => {
    const fields = [...Object.keys({ ...PERSONAL, ...LLC, ...SOLE_PROP }), 'address2', 'phone', 'country', 'ipAddress', 'doingBusinessAs', 'website', 'externalReference', 'company', 'comment'];
    for (const base of [PERSONAL, SOLE_PROP, LLC, UNVERIFIED]) {
      for (const field of fields) for (const value of odd) check({ ...base, [field]: value });
    }
    for (const key of ['firstName', 'title', 'dateOfBirth', 'ssn', 'address', 'passport']) {
      for (const value of odd) check({ ...LLC, controller: { ...FOREIGN_CONTROLLER, [key]: value } });
    }
    for (const key of ['address1', 'city', 'stateProvinceRegion', 'postalCode', 'country']) {
      for (const value of odd) check({ ...LLC, controller: { ...US_CONTROLLER, address: { ...IA_ADDRESS, [key]: value } } });
    }
  });
  test('wrong types are InvalidFormat; null and blank read as absent', () => {
    assert.deepEqual(summary({ ...PERSONAL, firstName: 42, ssn: 123456789, address2: ['x'], phone: { n: 1 } }), ['/firstName InvalidFormat', '/phone InvalidFormat', '/address2 InvalidFormat', '/ssn InvalidFormat']);
    assert.deepEqual(summary({ ...PERSONAL, firstName: null, address2: null, city: '   ' }), ['/firstName Required', '/city Required']);
    assert.equal(check({ ...PERSONAL, lastName: false })[0]?.detail, 'LastName must be a string.');
  });
});

describe('validateCustomerUpdate', () => {
  const update = (type: CustomerType, changes: Record<string, unknown>, country?: string) =>
    validateCustomerUpdate({ type, status: 'verified', country }, normalizeCustomerUpdate(changes, country)).map((p) => `${p.pointer} ${p.code}`);
  const goodValues: Record<string, string> = {
    firstName: 'Jane', lastName: 'Doe', email: 'new@example.com', businessName: 'Side gig', phone: '555-432-1234', ipAddress: '10.1.1.1',
    address1: '1 Main St', address2: 'Apt 2', city: 'Albany', state: 'ny', postalCode: '12207', doingBusinessAs: 'Acme', website: 'https://acme.example',
    externalReference: 'abc', company: 'Acme', comment: 'moved',
  };
  const refused = ['type', 'dateOfBirth', 'ssn', 'businessType', 'businessClassification', 'ein', 'controller', 'country'];
  const types: CustomerType[] = ['unverified', 'receive-only', 'personal', 'business'];
  for (const type of types) {
    test(`${type}: allowed fields pass, others are ReadOnly`, () => {
      for (const [field, value] of Object.entries(goodValues)) {
        const expected = UPDATABLE_FIELDS[type].includes(field as keyof CustomerInput) ? [] : [`/${field} ReadOnly`];
        assert.deepEqual(update(type, { [field]: value }), expected, field);
      }
      for (const field of refused) assert.deepEqual(update(type, { [field]: 'x' }), [`/${field} ReadOnly`], field);
    });
  }
  test('the allowed sets', () => {
    assert.deepEqual([...UPDATABLE_FIELDS.unverified].sort(), ['businessName', 'comment', 'company', 'email', 'externalReference', 'firstName', 'lastName', 'phone']);
    assert.deepEqual(UPDATABLE_FIELDS['receive-only'], UPDATABLE_FIELDS.unverified);
    assert.deepEqual([...UPDATABLE_FIELDS.business].sort(), [...UPDATABLE_FIELDS.personal, 'doingBusinessAs', 'website'].sort());
  });
  test('checks values with the create rules', () => {
    assert.deepEqual(update('personal', { email: 'nope', address1: 'PO Box 1', state: 'ZZ', postalCode: 1, phone: '12' }), ['/email InvalidFormat', '/address1 Invalid', '/state Invalid', '/postalCode InvalidFormat', '/phone InvalidFormat']);
    assert.deepEqual(update('unverified', { firstName: 'J%ne', businessName: 'x'.repeat(256) }), ['/firstName InvalidFormat', '/businessName InvalidFormat']);
    assert.deepEqual(update('personal', { phone: '+44 20 7946 0958' }, 'GB'), []);
  });
  test('blank clears optional fields but not required ones', () => {
    assert.deepEqual(update('unverified', { businessName: '', phone: null }), []);
    assert.deepEqual(update('business', { address2: '', website: '  ', doingBusinessAs: null }), []);
    assert.deepEqual(update('personal', { email: '', city: null, address1: ' ' }), ['/email Required', '/city Required', '/address1 Required']);
    assert.deepEqual(update('unverified', { firstName: '' }), ['/firstName Required']);
  });
  test('details', () => {
    const [readOnly] = updateProblems({ type: 'personal', status: 'verified' }, { dateOfBirth: '1970-01-01' });
    assert.deepEqual(readOnly, { pointer: '/dateOfBirth', code: 'ReadOnly', detail: 'DateOfBirth cannot be changed for a personal customer.' });
    assert.equal(updateProblems({ type: 'unverified', status: 'unverified' }, { ssn: '1' })[0]?.detail, 'Ssn cannot be changed for an unverified customer.');
    assert.deepEqual(updateProblems({ type: 'personal', status: 'verified' }, { 'nick/name': 'J' }), [{ pointer: '/nick~1name', code: 'NotAllowed', detail: 'nick/name is not a customer field.' }]);
  });
  test('odd shapes never throw', () => {
    const odd: unknown[] = [null, [], 'x', 1];
    for (const changes of odd) assert.deepEqual(update('personal', changes as Record<string, unknown>), [' InvalidFormat']);
  });
  test('normalizeCustomerUpdate keeps unknown fields and marks blanks as clears', () => {
    assert.deepEqual(normalizeCustomerUpdate({ state: ' ny ', phone: '1 (555) 432-1234', address2: null, foo: ' x ' }), { state: 'NY', phone: '5554321234', address2: '', foo: ' x ' });
  });
});

test('canUpdateInfo refuses suspended, document and closed customers', () => {
  const statuses: [CustomerStatus, boolean][] = [['unverified', true], ['retry', true], ['verified', true], ['deactivated', true], ['document', false], ['suspended', false], ['closed', false]];
  for (const [status, expected] of statuses) assert.equal(canUpdateInfo({ type: 'personal', status }), expected, status);
});

test('isWellFormedEmail agrees with the email rule of customer records', () => {
  for (const address of ['jane.doe@example.com', 'a+b@sub.example.co', 'not-an-email', 'a..b@example.com', '.a@example.com', 'a@example', `${'x'.repeat(250)}@example.com`]) {
    const byRule = validateCustomerInput({ email: address }, { today: '2026-11-21', purpose: 'create', rules: { required: ['email'] } }).length === 0;
    assert.equal(isWellFormedEmail(address), byRule, address.slice(0, 40));
  }
  assert.equal(isWellFormedEmail('jane.doe@example.com'), true);
  assert.equal(isWellFormedEmail('not-an-email'), false);
});
