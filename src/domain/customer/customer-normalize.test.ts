import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomerInput } from './customer.js';
import { FOREIGN_CONTROLLER, FR_ADDRESS, IA_ADDRESS, LLC, PERSONAL, UNVERIFIED, US_CONTROLLER } from './customer-inputs.fixtures.js';
import { normalizeCustomerInput } from './customer-normalize.js';

describe('normalizeCustomerInput', () => {
  test('trims, reduces identifiers to digits and upper-cases codes', () => {
    const input = { ...LLC, firstName: '  Jane ', email: ' Jane@Example.COM ', state: ' ny', country: 'us', ein: '12-3456789', phone: '+1 (555) 432-1234', address2: '', comment: '   ' };
    const normalized = normalizeCustomerInput(input as CustomerInput);
    assert.deepEqual(normalized, { ...LLC, firstName: 'Jane', email: 'Jane@Example.COM', state: 'NY', country: 'US', ein: '123456789', phone: '5554321234' });
  });
  test('phones', () => {
    const cases: [string, string | undefined, string][] = [
      ['555.432.1234', undefined, '5554321234'], ['1-555-432-1234', undefined, '5554321234'], ['15554321234', 'us', '5554321234'],
      ['555-4321', undefined, '5554321'], ['+44 (20) 7946-0958', 'gb', '+442079460958'], ['+1 555 432 1234', 'CA', '+15554321234'],
    ];
    for (const [phone, country, expected] of cases) assert.equal(normalizeCustomerInput({ ...UNVERIFIED, phone, country }).phone, expected, phone);
  });
  test('ssn with dashes or spaces', () => {
    for (const ssn of [' 123-45-6789 ', '123 45 6789']) assert.equal(normalizeCustomerInput({ ...PERSONAL, ssn } as CustomerInput).ssn, '123456789');
  });
  test('the controller, its address and passport', () => {
    const controller = { ...US_CONTROLLER, firstName: ' John ', ssn: '123-45-6789', address: { ...IA_ADDRESS, stateProvinceRegion: 'ia', country: 'us', address2: ' ' } };
    const normalized = normalizeCustomerInput({ ...LLC, controller } as CustomerInput).controller;
    assert.deepEqual(normalized, { ...US_CONTROLLER, ssn: '123456789', address: IA_ADDRESS });
    const abroad = { ...FOREIGN_CONTROLLER, address: { ...FR_ADDRESS, country: 'fr' }, passport: { number: ' 12AB ', country: 'fr' } };
    const foreign = normalizeCustomerInput({ ...LLC, controller: abroad } as CustomerInput).controller;
    assert.deepEqual(foreign?.address, FR_ADDRESS);
    assert.deepEqual(foreign?.passport, { number: '12AB', country: 'FR' });
  });
  test('drops unknown fields and keeps wrong types for validation', () => {
    const normalized = normalizeCustomerInput({ ...UNVERIFIED, firstName: 7, extra: 'x', controller: ['x'] } as unknown as CustomerInput) as Record<string, unknown>;
    assert.deepEqual(normalized, { ...UNVERIFIED, firstName: 7, controller: ['x'] });
  });
  test('is idempotent and does not touch its input', () => {
    const input = { ...LLC, phone: '(555) 432-1234', state: 'ny' } as CustomerInput;
    const copy = structuredClone(input);
    const once = normalizeCustomerInput(input);
    assert.deepEqual(normalizeCustomerInput(once), once);
    assert.deepEqual(input, copy);
  });
});
