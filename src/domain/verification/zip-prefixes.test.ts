import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OTHER_USPS_CODES, US_STATE_CODES, ZIP_ALLOCATION, isUsStateCode, stateForZip } from './zip-prefixes.js';

test('real ZIPs map to their state', () => {
  const samples: Record<string, string> = {
    '10001': 'NY', '90210': 'CA', '60601': 'IL', '02108': 'MA', '20500': 'DC', '99501': 'AK', '96813': 'HI',
    '73301': 'TX', '00901': 'PR', '35203': 'AL', '85001': 'AZ', '72201': 'AR', '80202': 'CO', '06103': 'CT',
    '19901': 'DE', '33101': 'FL', '30303': 'GA', '83702': 'ID', '46204': 'IN', '50309': 'IA', '66603': 'KS',
    '40601': 'KY', '70112': 'LA', '04101': 'ME', '21201': 'MD', '48226': 'MI', '55401': 'MN', '39201': 'MS',
    '63101': 'MO', '59601': 'MT', '68102': 'NE', '89501': 'NV', '03301': 'NH', '07102': 'NJ', '87501': 'NM',
    '27601': 'NC', '58501': 'ND', '43215': 'OH', '73102': 'OK', '97201': 'OR', '19103': 'PA', '02903': 'RI',
    '29201': 'SC', '57501': 'SD', '37203': 'TN', '75201': 'TX', '84101': 'UT', '05401': 'VT', '23219': 'VA',
    '98101': 'WA', '25301': 'WV', '53202': 'WI', '82001': 'WY', '00802': 'VI', '96910': 'GU', '96950': 'MP',
    '96799': 'AS',
  };
  for (const [zip, state] of Object.entries(samples)) assert.equal(stateForZip(zip), state, zip);
});

test('prefixes that belong to another state than their neighbours', () => {
  const samples: Record<string, string> = {
    '00501': 'NY', // Holtsville (IRS)
    '05501': 'MA', // Andover (IRS)
    '20166': 'VA', // Dulles
    '56901': 'DC',
    '73942': 'OK', // Guymon
    '88510': 'TX', // El Paso
    '39901': 'GA',
    '09001': 'AE',
    '34001': 'AA',
    '96201': 'AP',
    '96939': 'PW',
    '96941': 'FM',
    '96960': 'MH',
    '96898': 'HI',
  };
  for (const [zip, state] of Object.entries(samples)) assert.equal(stateForZip(zip), state, zip);
});

test('ZIP+4, with or without the dash, maps like its five digits', () => {
  assert.equal(stateForZip('10001-1234'), 'NY');
  assert.equal(stateForZip('100011234'), 'NY');
});

test('unassigned prefixes and malformed values have no state', () => {
  for (const zip of ['00001', '00401', '09901', '42801', '52901', '56801', '69401', '71501', '81701', '83901', '84801', '86601', '88601', '89901']) {
    assert.equal(stateForZip(zip), undefined, zip);
  }
  for (const zip of ['', '1000', '10001-12', '1000a', 'abcde', ' 10001', '10001 ', '10001--1234', '1234567']) {
    assert.equal(stateForZip(zip), undefined, JSON.stringify(zip));
  }
});

test('the table is ordered, without overlaps, and names only known codes', () => {
  let previousLast = -1;
  for (const [first, last, state] of ZIP_ALLOCATION.blocks) {
    assert.match(first, /^\d{3}$/);
    assert.match(last, /^\d{3}$/);
    assert.ok(Number(first) <= Number(last), `${first}-${last}`);
    assert.ok(Number(first) > previousLast, `${first} overlaps`);
    previousLast = Number(last);
    assert.ok(US_STATE_CODES.has(state) || OTHER_USPS_CODES.has(state), state);
  }
  for (const [first, last, state] of ZIP_ALLOCATION.exceptions) {
    assert.match(first, /^\d{5}$/);
    assert.ok(first <= last);
    assert.notEqual(stateForZip(`${first.slice(0, 3)}00`), undefined, 'an exception lies inside an assigned prefix');
    assert.ok(US_STATE_CODES.has(state) || OTHER_USPS_CODES.has(state), state);
  }
});

test('every state, DC and territory has ZIPs', () => {
  const reachable = new Set([...ZIP_ALLOCATION.blocks, ...ZIP_ALLOCATION.exceptions].map(([, , state]) => state));
  for (const state of US_STATE_CODES) assert.ok(reachable.has(state), state);
});

test('state codes: the 50 states, DC and five territories, uppercase only', () => {
  assert.equal(US_STATE_CODES.size, 56);
  for (const code of ['NY', 'DC', 'PR', 'GU', 'VI', 'AS', 'MP']) assert.equal(isUsStateCode(code), true, code);
  for (const code of ['ny', 'AE', 'AP', 'AA', 'PW', 'FM', 'MH', 'XX', '', 'NYC']) assert.equal(isUsStateCode(code), false, code);
  for (const code of OTHER_USPS_CODES) assert.equal(US_STATE_CODES.has(code), false, code);
});
