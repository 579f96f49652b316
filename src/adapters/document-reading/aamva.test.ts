import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aamvaText } from '../../../bench/lib/synthetic-licence.mjs';
import { parseAamva } from './aamva.js';

// Fictional people throughout.
describe('AAMVA barcode text', () => {
  test('version 10: number, names, US dates, jurisdiction, country and sex', () => {
    const reading = parseAamva(aamvaText({ documentNumber: 'D1234567', surname: 'Eriksson', givenNames: 'Anna Maria', dateOfBirth: '1974-08-12', expirationDate: '2029-08-12', jurisdiction: 'NY', sex: 'F' }));
    assert.deepEqual(reading, {
      format: 'AAMVA',
      version: 10,
      issuer: '636001',
      fields: { documentNumber: 'D1234567', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', dateOfBirth: '1974-08-12', expirationDate: '2029-08-12', jurisdiction: 'NY', country: 'USA', sex: 'female' },
    });
  });

  test('version 3 writes the given names in one element; version 1 the whole name, dates year first', () => {
    const v3 = parseAamva('@\n\x1e\rANSI 636020030002DL00410200ZC02410010DLDAQ99887766\nDCSOKAFOR\nDCTCHIDI,EMEKA\nDBB03151990\nDBA03152028\nDAJCO\nDBC1\r');
    assert.equal(v3?.version, 3);
    assert.equal(v3?.fields.givenNames, 'CHIDI EMEKA');
    assert.equal(v3?.fields.dateOfBirth, '1990-03-15');
    assert.equal(v3?.fields.sex, 'male');
    const v1 = parseAamva('@\n\x1e\rAAMVA6360100101DL00290180DLDAQ55501234\nDAALINDQVIST,KARIN,ELISE\nDBB19850704\nDBA20270704\nDAJFL\r');
    assert.equal(v1?.version, 1);
    assert.equal(v1?.fields.surname, 'LINDQVIST');
    assert.equal(v1?.fields.givenNames, 'KARIN ELISE');
    assert.equal(v1?.fields.dateOfBirth, '1985-07-04');
  });

  test('a Canadian card writes dates year first', () => {
    const reading = parseAamva(aamvaText({ documentNumber: 'M1234-56789-01234', surname: 'Tremblay', givenNames: 'Luc', dateOfBirth: '1970-01-31', expirationDate: '2030-01-31', jurisdiction: 'ON', country: 'CAN', sex: 'M', iin: '636012' }).replace(/DBB\d+/, 'DBB19700131').replace(/DBA\d+/, 'DBA20300131'));
    assert.equal(reading?.fields.country, 'CAN');
    assert.equal(reading?.fields.dateOfBirth, '1970-01-31');
  });

  test('text that is no AAMVA barcode reads as nothing', () => {
    for (const text of ['', 'hello world', 'https://example.com/some/long/url/in/a/qr', '@\n\x1e\rANSI 636001100001']) assert.equal(parseAamva(text), null);
  });
});
