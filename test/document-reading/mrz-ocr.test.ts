import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MrzOcr } from '../../src/adapters/document-reading/mrz-ocr.js';
import { randomDocumentFields, syntheticDocument, type SyntheticFields } from '../../bench/lib/synthetic-documents.mjs';

const TODAY = new Date('2026-12-08T00:00:00Z');
// Document numbers without M, W, O, Q or Z: the legacy engine's usual misreads on
// OCR-B are the bench's business; this test checks the reading end to end.
const PASSPORT: SyntheticFields = {
  documentCode: 'P',
  issuingState: 'NLD',
  surname: 'Lindqvist',
  givenNames: 'Anna Maria',
  documentNumber: 'XR7341925',
  nationality: 'NLD',
  dateOfBirth: '1985-03-14',
  sex: 'F',
  expirationDate: '2031-09-30',
};
const CARD: SyntheticFields = { ...randomDocumentFields(11), documentCode: 'I', issuingState: 'FRA', nationality: 'FRA', surname: 'Dubois', givenNames: 'Claire', documentNumber: 'XC4817365', dateOfBirth: '1992-11-02', expirationDate: '2030-06-15', sex: 'F' };

describe('MrzOcr', () => {
  const ocr = new MrzOcr();
  after(() => ocr.close());

  test('names its engine and versions', () => {
    assert.match(ocr.engine, /^tesseract\.js \d+\.\d+\.\d+ \(legacy\); mrz \d+\.\d+\.\d+$/);
  });

  const cases = [
    { name: 'a clean passport page (TD3)', format: 'TD3', fields: PASSPORT, condition: 'clean' },
    { name: 'a clean ID card (TD1)', format: 'TD1', fields: CARD, condition: 'clean' },
    { name: 'a photo-like passport page (TD3)', format: 'TD3', fields: PASSPORT, condition: 'photo' },
  ] as const;
  for (const c of cases) {
    test(`reads ${c.name}`, async () => {
      const reading = await ocr.read(await syntheticDocument({ format: c.format, fields: c.fields, condition: c.condition, seed: 5 }), TODAY);
      assert.ok(reading, 'a zone was read');
      assert.equal(reading.format, c.format);
      assert.equal(reading.valid, true, reading.lines.join(' / '));
      assert.equal(reading.fields.documentNumber, c.fields.documentNumber);
      assert.equal(reading.fields.surname, c.fields.surname.toUpperCase());
      assert.equal(reading.fields.givenNames, c.fields.givenNames.toUpperCase());
      assert.equal(reading.fields.dateOfBirth, c.fields.dateOfBirth);
      assert.equal(reading.fields.expirationDate, c.fields.expirationDate);
      assert.equal(reading.fields.issuingState, c.fields.issuingState);
      assert.ok(reading.confidence > 0 && reading.confidence <= 100);
    });
  }

  test('an image without a zone reads as none', async () => {
    const sharp = (await import('sharp')).default;
    const blank = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#d8d4c8' } }).jpeg().toBuffer();
    assert.equal(await ocr.read(blank, TODAY), null);
  });
});
