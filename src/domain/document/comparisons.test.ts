import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareReadings, type CustomerFacts, expiredBeyondDoubt, suggestedReasons } from './comparisons.js';
import { documentIdentity, foldDocumentNumber } from './document-identity.js';
import type { BarcodeReading, MrzReading } from './extraction.js';
import { mrzSignals, originSignals } from './signals.js';

// Fictional people throughout.
const mrz = (over: Partial<MrzReading['fields']> = {}, checks: Partial<MrzReading['checkDigits']> = {}): MrzReading => {
  const checkDigits = { documentNumber: true, dateOfBirth: true, expirationDate: true, composite: true, ...checks };
  return {
    format: 'TD3',
    lines: [],
    valid: Object.values(checkDigits).every(Boolean),
    fields: { documentCode: 'P', issuingState: 'UTO', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', documentNumber: 'L898902C3', nationality: 'UTO', dateOfBirth: '1974-08-12', sex: 'female', expirationDate: '2031-04-15', ...over },
    checkDigits,
    confidence: 80,
    repairs: [],
  };
};
const anna: CustomerFacts = { firstName: 'Anna Maria', lastName: 'Eriksson', dateOfBirth: '1974-08-12', declaredType: 'passport' };
const policy = { today: '2026-12-08', expiryMarginDays: 0 };
const resultOf = (field: string, readings: ReturnType<typeof compareReadings>) => readings.find((c) => c.field === field)?.result;

describe('comparing a machine-readable zone with the customer', () => {
  test('a matching passport: every field matches and nothing is suggested', () => {
    const compared = compareReadings(anna, { mrz: mrz(), barcode: null }, policy);
    assert.deepEqual(compared.map((c) => [c.field, c.result]), [['name', 'match'], ['dateOfBirth', 'match'], ['expiration', 'match'], ['documentType', 'match']]);
    assert.deepEqual(suggestedReasons(compared), []);
  });

  test('another date of birth suggests ScanDobMismatch; another name ScanNameMismatch', () => {
    const compared = compareReadings({ ...anna, firstName: 'Jane', lastName: 'Doe', dateOfBirth: '1980-01-01' }, { mrz: mrz(), barcode: null }, policy);
    assert.equal(resultOf('name', compared), 'mismatch');
    assert.equal(resultOf('dateOfBirth', compared), 'mismatch');
    assert.deepEqual(suggestedReasons(compared), ['ScanNameMismatch', 'ScanDobMismatch']);
  });

  test('names compare as the screening matcher does: order, case and diacritics do not matter', () => {
    const compared = compareReadings({ ...anna, firstName: 'Änna-María', lastName: 'ERIKSSON' }, { mrz: mrz({ surname: 'ERIKSSON', givenNames: 'ANNA MARIA' }), barcode: null }, policy);
    assert.equal(resultOf('name', compared), 'match');
  });

  test('a date whose check digit fails is unreadable, not a mismatch', () => {
    const compared = compareReadings(anna, { mrz: mrz({ dateOfBirth: '1974-08-13' }, { dateOfBirth: false }), barcode: null }, policy);
    assert.equal(resultOf('dateOfBirth', compared), 'unreadable');
    assert.deepEqual(suggestedReasons(compared), []);
  });

  test('an expired document, and one expiring within the margin, suggest ScanIdExpired; only a valid zone decides', () => {
    const expired = mrz({ expirationDate: '2025-01-31' });
    assert.equal(resultOf('expiration', compareReadings(anna, { mrz: expired, barcode: null }, policy)), 'mismatch');
    assert.equal(expiredBeyondDoubt(expired, policy.today), true);
    assert.equal(expiredBeyondDoubt(mrz({ expirationDate: '2025-01-31' }, { composite: false }), policy.today), false, 'a zone that does not validate decides nothing');
    const soon = compareReadings(anna, { mrz: mrz({ expirationDate: '2027-01-01' }), barcode: null }, { ...policy, expiryMarginDays: 90 });
    assert.equal(resultOf('expiration', soon), 'mismatch');
    assert.equal(expiredBeyondDoubt(mrz({ expirationDate: '2027-01-01' }), policy.today), false, 'within the margin is not expired');
  });

  test('the document code against the declared type; the issuing state against an allow-list when set', () => {
    const asId = compareReadings({ ...anna, declaredType: 'idCard' }, { mrz: mrz(), barcode: null }, policy);
    assert.equal(resultOf('documentType', asId), 'mismatch');
    assert.deepEqual(suggestedReasons(asId), ['ScanIdUnrecognized']);
    assert.equal(resultOf('documentType', compareReadings({ ...anna, declaredType: 'idCard' }, { mrz: mrz({ documentCode: 'ID' }), barcode: null }, policy)), 'match');
    assert.equal(resultOf('issuingState', compareReadings(anna, { mrz: mrz(), barcode: null }, policy)), undefined, 'no allow-list, no comparison');
    const refused = compareReadings(anna, { mrz: mrz(), barcode: null }, { ...policy, issuingStates: ['USA', 'GBR'] });
    assert.equal(resultOf('issuingState', refused), 'mismatch');
    assert.deepEqual(suggestedReasons(refused), ['ScanIdTypeNotSupported']);
  });
});

describe('comparing a licence barcode with the customer', () => {
  const barcode: BarcodeReading = {
    format: 'AAMVA', version: 10, issuer: '636001',
    fields: { documentNumber: 'D1234567', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', dateOfBirth: '1974-08-12', expirationDate: '2029-08-12', jurisdiction: 'NY', country: 'USA', sex: 'female' },
  };
  test('a licence matches when uploaded as a licence; a passport upload with a licence barcode does not', () => {
    assert.deepEqual(suggestedReasons(compareReadings({ ...anna, declaredType: 'license' }, { mrz: null, barcode }, policy)), []);
    assert.deepEqual(suggestedReasons(compareReadings(anna, { mrz: null, barcode }, policy)), ['ScanIdUnrecognized']);
  });
});

describe('document identity across customers', () => {
  test('look-alike characters fold to one key, so a misread still finds the document', () => {
    assert.equal(foldDocumentNumber('L898902C3'), foldDocumentNumber('1898902C3'));
    assert.equal(foldDocumentNumber('AB0S'), foldDocumentNumber('A805'));
    assert.equal(documentIdentity({ mrz: mrz(), barcode: null }), documentIdentity({ mrz: mrz({ documentNumber: 'L8989O2C3' }), barcode: null }));
  });
  test('a number or date that fails its check digit identifies nothing', () => {
    assert.equal(documentIdentity({ mrz: mrz({}, { documentNumber: false }), barcode: null }), undefined);
    assert.equal(documentIdentity({ mrz: null, barcode: null }), undefined);
  });
});

describe('signals', () => {
  test('an image editor in EXIF is a trace; a camera is nothing; no EXIF is nothing', () => {
    assert.equal(originSignals({ software: 'Adobe Photoshop 25.0', make: null, model: null, dateTimeOriginal: null })[0]?.code, 'edited_software_trace');
    assert.deepEqual(originSignals({ software: 'iOS 18.1', make: 'Apple', model: 'iPhone 16', dateTimeOriginal: null }), []);
    assert.deepEqual(originSignals(null), []);
  });
  test('failed check digits and repairs are told to the reviewer', () => {
    assert.deepEqual(mrzSignals(mrz({}, { composite: false })).map((s) => s.code), ['mrz_check_digits_failed']);
    assert.deepEqual(mrzSignals({ ...mrz(), repairs: ['documentNumber: 8 → B at 6'] }).map((s) => s.code), ['mrz_repaired']);
  });
});
