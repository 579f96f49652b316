import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KNOWN_INVALID_SSNS, assessSsn, isKnownInvalidSsn, isStructurallyValidSsn } from './ssn-rules.js';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

test('every area: 000, 666 and 900–999 are invalid, the rest valid', () => {
  for (let area = 0; area <= 999; area += 1) {
    const expected = area !== 0 && area !== 666 && area < 900;
    assert.equal(isStructurallyValidSsn(`${pad(area, 3)}456780`), expected, `area ${pad(area, 3)}`);
  }
});

test('every group: only 00 is invalid', () => {
  for (let group = 0; group <= 99; group += 1) {
    assert.equal(isStructurallyValidSsn(`212${pad(group, 2)}4567`), group !== 0, `group ${pad(group, 2)}`);
  }
});

test('every serial: only 0000 is invalid', () => {
  for (let serial = 0; serial <= 9999; serial += 1) {
    assert.equal(isStructurallyValidSsn(`21234${pad(serial, 4)}`), serial !== 0, `serial ${pad(serial, 4)}`);
  }
});

test('structural check wants exactly 9 digits', () => {
  for (const value of ['', '21234567', '2123456789', '212-34-5678', '21234567a', ' 212345678']) {
    assert.equal(isStructurallyValidSsn(value), false, JSON.stringify(value));
  }
});

test('the known-invalid and advertising numbers', () => {
  const expected = [
    '078051120',
    '219099999',
    '123456789',
    '111111111', '222222222', '333333333', '444444444', '555555555', '666666666', '777777777', '888888888', '999999999',
    '987654320', '987654321', '987654322', '987654323', '987654324', '987654325', '987654326', '987654327', '987654328', '987654329',
  ];
  assert.deepEqual([...KNOWN_INVALID_SSNS].sort(), [...expected].sort());
  for (const ssn of expected) {
    assert.equal(isKnownInvalidSsn(ssn), true, ssn);
    assert.deepEqual(assessSsn(ssn), { form: 'full', valid: false, knownInvalid: true }, ssn);
  }
});

test('neighbours of known-invalid numbers are ordinary', () => {
  for (const ssn of ['078051121', '219099998', '123456788', '111111112', '123456780']) {
    assert.equal(isKnownInvalidSsn(ssn), false, ssn);
    assert.deepEqual(assessSsn(ssn), { form: 'full', valid: true, knownInvalid: false }, ssn);
  }
  // Structurally invalid but not on the list (000 area): invalid, yet no fraud signal.
  assert.deepEqual(assessSsn('000000000'), { form: 'full', valid: false, knownInvalid: false });
  assert.deepEqual(assessSsn('987654330'), { form: 'full', valid: false, knownInvalid: false });
});

test('assessing full numbers', () => {
  assert.deepEqual(assessSsn('212345678'), { form: 'full', valid: true, knownInvalid: false });
  assert.deepEqual(assessSsn('666123456'), { form: 'full', valid: false, knownInvalid: false });
  assert.deepEqual(assessSsn('212004567'), { form: 'full', valid: false, knownInvalid: false });
  assert.deepEqual(assessSsn('212340000'), { form: 'full', valid: false, knownInvalid: false });
  assert.deepEqual(assessSsn('900123456'), { form: 'full', valid: false, knownInvalid: false });
});

test('dashes and spaces are ignored', () => {
  assert.deepEqual(assessSsn('212-34-5678'), { form: 'full', valid: true, knownInvalid: false });
  assert.deepEqual(assessSsn('078 05 1120'), { form: 'full', valid: false, knownInvalid: true });
});

test('last four digits: valid unless 0000', () => {
  assert.deepEqual(assessSsn('6789'), { form: 'last4', valid: true, knownInvalid: false });
  assert.deepEqual(assessSsn('1120'), { form: 'last4', valid: true, knownInvalid: false });
  assert.deepEqual(assessSsn('0000'), { form: 'last4', valid: false, knownInvalid: false });
});

test('anything else is malformed', () => {
  for (const value of ['', '123', '12345', '12345678', '1234567890', 'abcd', '12345678a', '+212345678']) {
    assert.deepEqual(assessSsn(value), { form: 'malformed', valid: false, knownInvalid: false }, JSON.stringify(value));
  }
});
