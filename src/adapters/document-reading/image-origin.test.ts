import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { readImageOrigin } from './image-origin.js';

const image = () => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 160 } } });

test('reads the editor, the camera and when the photo was taken from EXIF', async () => {
  const bytes = await image()
    .withExif({ IFD0: { Software: 'Adobe Photoshop 25.0 (Windows)', Make: 'Canon', Model: 'EOS 5D' }, IFD2: { DateTimeOriginal: '2026:11:30 10:15:00' } })
    .jpeg()
    .toBuffer();
  const origin = await readImageOrigin(bytes);
  assert.match(origin?.software ?? '', /^Adobe Photoshop 25\.0/);
  assert.equal(origin?.make, 'Canon');
  assert.equal(origin?.model, 'EOS 5D');
  assert.match(origin?.dateTimeOriginal ?? '', /^2026-11-30/);
});

test('an image without EXIF, or not an image, says nothing', async () => {
  assert.equal(await readImageOrigin(await image().jpeg().toBuffer()), null);
  assert.equal(await readImageOrigin(await image().png().toBuffer()), null);
  assert.equal(await readImageOrigin(Buffer.from('not an image at all')), null);
});
