import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  INVALID_EIN_PREFIXES,
  ageOn,
  dateOfBirthProblem,
  isAcceptablePassport,
  isPlausibleName,
  isValidEin,
  isValidEmail,
  isValidPhone,
  parseIsoDate,
  usAddressProblem,
} from './field-rules.js';

test('real dates only', () => {
  assert.deepEqual(parseIsoDate('2000-02-29'), { year: 2000, month: 2, day: 29 });
  assert.deepEqual(parseIsoDate('2024-12-31'), { year: 2024, month: 12, day: 31 });
  for (const value of ['1900-02-29', '2001-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01', '0000-01-01', '20240101', 'abcd', '', ' 2024-01-01', '2024-01-01T00:00:00Z']) {
    assert.equal(parseIsoDate(value), undefined, JSON.stringify(value));
  }
});

test('age in whole years; a 29 February birthday comes on 1 March in other years', () => {
  const date = (value: string) => parseIsoDate(value) ?? assert.fail(value);
  assert.equal(ageOn(date('2000-06-15'), date('2018-06-14')), 17);
  assert.equal(ageOn(date('2000-06-15'), date('2018-06-15')), 18);
  assert.equal(ageOn(date('2000-02-29'), date('2018-02-28')), 17);
  assert.equal(ageOn(date('2000-02-29'), date('2018-03-01')), 18);
  assert.equal(ageOn(date('2030-01-01'), date('2026-01-15')), -4);
});

test('date of birth: missing, invalid, age outside 18..125', () => {
  const today = '2026-01-15';
  assert.equal(dateOfBirthProblem(undefined, today), 'missing');
  assert.equal(dateOfBirthProblem('1990-02-30', today), 'invalid');
  assert.equal(dateOfBirthProblem('15/01/1990', today), 'invalid');
  assert.equal(dateOfBirthProblem('1990-04-12', today), undefined);
  assert.equal(dateOfBirthProblem('2008-01-15', today), undefined, '18 today');
  assert.equal(dateOfBirthProblem('2008-01-16', today), 'age_out_of_range', '18 tomorrow');
  assert.equal(dateOfBirthProblem('1900-01-16', today), undefined, '125');
  assert.equal(dateOfBirthProblem('1900-01-15', today), 'age_out_of_range', '126 today');
  assert.equal(dateOfBirthProblem('2027-01-01', today), 'age_out_of_range', 'born in the future');
});

test('when today is not a date, only the date of birth itself is judged', () => {
  assert.equal(dateOfBirthProblem('2020-01-01', 'not a date'), undefined);
  assert.equal(dateOfBirthProblem('2020-02-30', ''), 'invalid');
});

test('US phone numbers: 10 digits, area and exchange starting 2–9, no N11 area code', () => {
  for (const phone of ['2125550100', '9495550100', '2022000000']) assert.equal(isValidPhone(phone), true, phone);
  for (const phone of ['1125550100', '0125550100', '2115550100', '4115550100', '9115550100', '2120550100', '2121550100', '212555010', '21255501000', '12125550100', '212-555-0100', '(212)5550100', '']) {
    assert.equal(isValidPhone(phone), false, phone);
  }
});

test('E.164 numbers: + and 7 to 15 digits; +1 numbers follow the US rules', () => {
  for (const phone of ['+442071838750', '+12125550100', '+33142685300', '+6831234', '+861012345678901']) assert.equal(isValidPhone(phone), true, phone);
  for (const phone of ['+12115550100', '+11125550100', '+1212555010', '+0442071838750', '+123456', '+1234567890123456', '+44 20 7183 8750', '++442071838750', '+']) {
    assert.equal(isValidPhone(phone), false, phone);
  }
});

test('well-formed email addresses', () => {
  for (const email of ['jane@example.com', 'jane.doe+tag@mail.example.co.uk', "o'brien@example.ie", 'J_D@Example.COM', 'a@b.io']) {
    assert.equal(isValidEmail(email), true, email);
  }
  const invalid = [
    '', 'jane', 'jane@', '@example.com', 'jane@example', 'jane@@example.com', 'jane..doe@example.com', '.jane@example.com',
    'jane.@example.com', 'jane@-example.com', 'jane@example-.com', 'jane@example.c0m', 'jane@example.c', 'jane doe@example.com',
    'jane@example.com.', 'jane@.example.com', 'jane@exa mple.com', '"jane"@example.com', 'jane@[127.0.0.1]',
    `${'a'.repeat(65)}@example.com`, `jane@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
  ];
  for (const email of invalid) assert.equal(isValidEmail(email), false, email);
});

test('plausible names', () => {
  for (const name of ['Jane', "O'Brien", 'José', 'Nguyễn', '李', 'J', 'Mary Ann', 'Verified', 'Suspended', 'Tester', 'Null', 'Ng', 'Acme LLC', 'Test Kitchen LLC', '3M Company']) {
    assert.equal(isPlausibleName(name), true, name);
  }
});

test('implausible names: no letter, one letter repeated, placeholders (any case)', () => {
  const implausible = [
    undefined, '', '   ', '123', '---', '.', 'aaa', 'AAaa', 'xxxx', 'a a a', 'Test', ' TEST ', 'testing', 'n/a', 'N/A', 'None',
    'unknown', 'UNKNOWN', 'asdf', 'QWERTY', 'xxx', 'first  name', 'Last Name', 'anonymous', 'fake', 'dummy', 'sample', 'business name',
  ];
  for (const name of implausible) assert.equal(isPlausibleName(name), false, JSON.stringify(name));
});

test('EIN: 9 digits with an assigned prefix', () => {
  assert.equal(isValidEin('123456789'), true);
  assert.equal(isValidEin('12-3456789'), true);
  for (let prefix = 0; prefix <= 99; prefix += 1) {
    const two = String(prefix).padStart(2, '0');
    assert.equal(isValidEin(`${two}3456789`), !INVALID_EIN_PREFIXES.has(two), two);
  }
  assert.deepEqual(
    [...INVALID_EIN_PREFIXES].sort(),
    ['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97'],
  );
  for (const ein of ['', '12345678', '1234567890', '12a456789', '12 3456789']) assert.equal(isValidEin(ein), false, ein);
});

test('passports accepted in place of an SSN', () => {
  assert.equal(isAcceptablePassport('AB123456', 'CA'), true);
  assert.equal(isAcceptablePassport('x12345', 'gb'), true);
  assert.equal(isAcceptablePassport('AB 123 456', 'DE'), true);
  assert.equal(isAcceptablePassport(undefined, 'CA'), false);
  assert.equal(isAcceptablePassport('AB123456', undefined), false);
  assert.equal(isAcceptablePassport('AB12', 'CA'), false, 'too short');
  assert.equal(isAcceptablePassport('A'.repeat(21), 'CA'), false, 'too long');
  assert.equal(isAcceptablePassport('AB12$456', 'CA'), false);
  assert.equal(isAcceptablePassport('AB123456', 'CAN'), false);
  assert.equal(isAcceptablePassport('AB123456', 'C1'), false);
  assert.equal(isAcceptablePassport('AB123456', 'US'), false, 'US persons give an SSN');
  assert.equal(isAcceptablePassport('AB123456', 'us'), false);
});

test('US address: state code, then ZIP format, then ZIP prefix against the state', () => {
  assert.equal(usAddressProblem('NY', '10001'), undefined);
  assert.equal(usAddressProblem('NY', '10001-1234'), undefined);
  assert.equal(usAddressProblem('TX', '73301'), undefined);
  assert.equal(usAddressProblem('AS', '96799'), undefined);
  assert.equal(usAddressProblem('ZZ', '10001'), 'state_invalid');
  assert.equal(usAddressProblem(undefined, '10001'), 'state_invalid');
  assert.equal(usAddressProblem('ny', '10001'), 'state_invalid', 'codes arrive uppercase');
  assert.equal(usAddressProblem('AE', '09001'), 'state_invalid', 'military codes are not states');
  assert.equal(usAddressProblem('ZZ', 'bad'), 'state_invalid', 'the ZIP is judged only against a valid state');
  assert.equal(usAddressProblem('NY', undefined), 'zip_invalid');
  assert.equal(usAddressProblem('NY', '1000'), 'zip_invalid');
  assert.equal(usAddressProblem('NY', 'ABCDE'), 'zip_invalid');
  assert.equal(usAddressProblem('NJ', '10001'), 'zip_state_mismatch');
  assert.equal(usAddressProblem('OK', '73301'), 'zip_state_mismatch');
  assert.equal(usAddressProblem('HI', '96799'), 'zip_state_mismatch');
  assert.equal(usAddressProblem('NY', '00001'), 'zip_state_mismatch', 'unassigned prefix');
});
