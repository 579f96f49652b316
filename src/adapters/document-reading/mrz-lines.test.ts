import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkDigit, readMrzLines, zoneDate } from './mrz-lines.js';

const TODAY = new Date('2026-12-08T00:00:00Z');
// ICAO 9303's specimens, with real state codes in place of the fictional UTO.
const TD3 = ['P<NLDERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36NLD7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<NLDD231458907<<<<<<<<<<<<<<<', '7408122F1204159NLD<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('readMrzLines', () => {
  test('reads a valid passport zone (TD3) among other text', () => {
    const reading = readMrzLines(['PASSPORT  PASSEPORT', 'ERIKSSON ANNA', ...TD3], 87, TODAY);
    assert.ok(reading);
    assert.equal(reading.format, 'TD3');
    assert.equal(reading.valid, true);
    assert.deepEqual(reading.repairs, []);
    assert.equal(reading.confidence, 87);
    assert.deepEqual(reading.fields, {
      documentCode: 'P',
      issuingState: 'NLD',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      documentNumber: 'L898902C3',
      nationality: 'NLD',
      dateOfBirth: '1974-08-12',
      sex: 'female',
      expirationDate: '2012-04-15',
    });
    assert.deepEqual(reading.checkDigits, { documentNumber: true, dateOfBirth: true, expirationDate: true, composite: true });
  });

  test('reads a valid ID card zone (TD1)', () => {
    const reading = readMrzLines(TD1, 90, TODAY);
    assert.ok(reading);
    assert.equal(reading.format, 'TD1');
    assert.equal(reading.valid, true);
    assert.equal(reading.fields.documentCode, 'I');
    assert.equal(reading.fields.documentNumber, 'D23145890');
    assert.equal(reading.fields.surname, 'ERIKSSON');
    assert.equal(reading.fields.dateOfBirth, '1974-08-12');
  });

  test('tolerates spaces, stray characters and a line a character short or long', () => {
    const reading = readMrzLines(['P<NLD ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<', 'L898902C36NLD7408122F1204159ZE184226B<<<<<10.<'], 80, TODAY);
    assert.ok(reading);
    assert.equal(reading.valid, true);
    assert.equal(reading.lines[0]?.length, 44);
    assert.equal(reading.lines[1], TD3[1]);
  });

  test('repairs look-alike misreads where the check digits say which reading is right', () => {
    // B read as 8 in the document number, 8 as B in the birth date, F as E in the sex field.
    const misread = ['P<NLDERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36NLD74OB122E1204159ZE184226B<<<<<10'];
    const reading = readMrzLines(misread, 70, TODAY);
    assert.ok(reading);
    assert.equal(reading.valid, true);
    assert.equal(reading.fields.dateOfBirth, '1974-08-12');
    assert.equal(reading.fields.sex, 'female');
    assert.equal(reading.lines[1], TD3[1]);
    assert.ok(reading.repairs.length >= 2, reading.repairs.join('; '));
    assert.ok(reading.repairs.some((r) => r.startsWith('sex: E → F')));
  });

  test('repairs a digit read as a letter in the document number, guided by its check digit', () => {
    const misread = ['P<NLDERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36NLD7408122F1204159ZE184226B<<<<<10'.replace('L898902C3', 'L8989O2C3')];
    const reading = readMrzLines(misread, 70, TODAY);
    assert.ok(reading);
    assert.equal(reading.fields.documentNumber, 'L898902C3');
    assert.equal(reading.checkDigits.documentNumber, true);
    assert.ok(reading.repairs.some((r) => r.startsWith('documentNumber: O → 0 at 6')));
  });

  test('a name line with fillers read as K keeps only the names', () => {
    const reading = readMrzLines(['P<NLDERIKSSON<<ANNA<MARIA<<<<<<<KK<<<<<<<<<K', TD3[1] ?? ''], 80, TODAY);
    assert.ok(reading);
    assert.equal(reading.fields.surname, 'ERIKSSON');
    assert.equal(reading.fields.givenNames, 'ANNA MARIA');
  });

  test('a check digit that no look-alike explains leaves the zone invalid, not guessed', () => {
    const reading = readMrzLines(['P<NLDERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36NLD7408122F1204159ZE184226B<<<<<10'.replace('7408122', '7408123')], 80, TODAY);
    assert.ok(reading);
    assert.equal(reading.valid, false);
    assert.equal(reading.checkDigits.dateOfBirth, false);
  });

  test('garbage and ordinary text are no zone', () => {
    assert.equal(readMrzLines([], 0, TODAY), null);
    assert.equal(readMrzLines(['hello world', 'NAME SURNAME 1990', '<<<'], 50, TODAY), null);
    assert.equal(readMrzLines(['THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG NOW', 'AND THEN SOME MORE WORDS ON THE SECOND LINE HERE'], 50, TODAY), null);
  });
});

describe('zoneDate', () => {
  test('a birth year is never in the future; an expiry is 20YY unless over 50 years ahead', () => {
    assert.equal(zoneDate('261207', 'birth', TODAY), '2026-12-07');
    assert.equal(zoneDate('261209', 'birth', TODAY), '1926-12-09');
    assert.equal(zoneDate('050101', 'birth', TODAY), '2005-01-01');
    assert.equal(zoneDate('340101', 'expiry', TODAY), '2034-01-01');
    assert.equal(zoneDate('990101', 'expiry', TODAY), '1999-01-01');
    assert.equal(zoneDate('12345', 'expiry', TODAY), null);
  });
});

describe('checkDigit', () => {
  test('matches the ICAO specimen', () => {
    assert.equal(checkDigit('L898902C3'), 6);
    assert.equal(checkDigit('740812'), 2);
    assert.equal(checkDigit('<<<<<<'), 0);
  });
});
