import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { syntheticLicenceBack } from '../../../bench/lib/synthetic-licence.mjs';
import { checkImage } from '../image-inspection/image-checks.js';
import { BarcodeReader } from './pdf417.js';

const fields = { documentNumber: 'D7730215', surname: 'Moreau', givenNames: 'Claire', dateOfBirth: '1988-02-29', expirationDate: '2030-02-28', jurisdiction: 'NJ', sex: 'F' as const };
const reader = new BarcodeReader();
after(() => reader.close());

test('reads the barcode of a clean and of a photo-like licence back, which pass the upload checks', async () => {
  for (const condition of ['clean', 'photo'] as const) {
    const image = await syntheticLicenceBack({ fields, condition, seed: 3 });
    assert.equal((await checkImage(image)).ok, true, `${condition} passes the upload checks`);
    const reading = await reader.read(image);
    assert.equal(reading?.fields.documentNumber, 'D7730215', condition);
    assert.equal(reading?.fields.dateOfBirth, '1988-02-29');
    assert.equal(reading?.fields.surname, 'MOREAU');
  }
});

test('an image without a barcode, or not an image, reads as nothing', async () => {
  const { default: sharp } = await import('sharp');
  const blank = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#dde3e8' } }).jpeg().toBuffer();
  assert.equal(await reader.read(blank), null);
  assert.equal(await reader.read(Buffer.from('not an image')), null);
});
