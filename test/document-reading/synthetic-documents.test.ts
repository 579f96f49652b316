import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'mrz';
import { checkImage } from '../../src/adapters/image-inspection/image-checks.js';
import { mrzLines, randomDocumentFields, syntheticDocument, type SyntheticFields } from '../../bench/lib/synthetic-documents.mjs';

const SPECIMEN: SyntheticFields = {
  documentCode: 'P',
  issuingState: 'NLD',
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  documentNumber: 'L898902C3',
  nationality: 'NLD',
  dateOfBirth: '1974-08-12',
  sex: 'F',
  expirationDate: '2012-04-15',
  optionalData: 'ZE184226B',
};

describe('synthetic documents', () => {
  test('zone lines carry the ICAO specimen check digits', () => {
    assert.deepEqual(mrzLines(SPECIMEN, 'TD3'), ['P<NLDERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36NLD7408122F1204159ZE184226B<<<<<10']);
    const card = mrzLines({ ...SPECIMEN, documentCode: 'I', documentNumber: 'D23145890', optionalData: undefined }, 'TD1');
    assert.deepEqual(card, ['I<NLDD231458907<<<<<<<<<<<<<<<', '7408122F1204159NLD<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<']);
  });

  test('random fields make zones the parser finds valid, the same for the same seed', () => {
    assert.deepEqual(randomDocumentFields(42), randomDocumentFields(42));
    for (let seed = 1; seed <= 30; seed++) {
      const fields = randomDocumentFields(seed);
      assert.equal(parse(mrzLines(fields, 'TD3')).valid, true, `TD3 seed ${seed}`);
      assert.equal(parse(mrzLines({ ...fields, documentCode: 'I' }, 'TD1')).valid, true, `TD1 seed ${seed}`);
    }
  });

  test("clean and photo-like documents pass Verity's upload quality checks", async () => {
    for (const format of ['TD3', 'TD1'] as const) {
      for (const condition of ['clean', 'photo'] as const) {
        const image = await syntheticDocument({ format, fields: randomDocumentFields(7), condition, seed: 3 });
        const result = await checkImage(image);
        assert.equal(result.ok, true, `${format} ${condition}: ${JSON.stringify(result)}`);
      }
    }
  });
});
