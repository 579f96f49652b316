import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goodIdJpeg, goodIdPng, htmlAsPng, pdfBytes, pngNamedJpg, randomBytesOfSize, truncatedJpeg, truncatedPng } from '../../../test/support/images.js';
import { COMPLETENESS_TAIL_BYTES, looksComplete, SNIFF_HEAD_BYTES, sniffMediaType } from './media-type.js';

const head = (bytes: Uint8Array) => bytes.subarray(0, SNIFF_HEAD_BYTES);
const tail = (bytes: Uint8Array) => bytes.subarray(Math.max(0, bytes.length - COMPLETENESS_TAIL_BYTES));

describe('sniffMediaType', () => {
  test('recognises JPEG, PNG and PDF from their magic numbers', async () => {
    assert.equal(sniffMediaType(head(await goodIdJpeg())), 'image/jpeg');
    assert.equal(sniffMediaType(head(await goodIdPng())), 'image/png');
    assert.equal(sniffMediaType(head(pdfBytes())), 'application/pdf');
  });

  test('goes by the bytes, not the name: PNG bytes named .jpg are PNG, HTML named .png is nothing', async () => {
    assert.equal(sniffMediaType(await pngNamedJpg()), 'image/png');
    assert.equal(sniffMediaType(htmlAsPng()), undefined);
  });

  test('needs only the head, and accepts the whole file too', async () => {
    const jpeg = await goodIdJpeg();
    assert.equal(sniffMediaType(jpeg), 'image/jpeg');
    assert.equal(sniffMediaType(jpeg.subarray(0, 3)), 'image/jpeg');
  });

  test('empty and too-short input is unknown', () => {
    assert.equal(sniffMediaType(new Uint8Array(0)), undefined);
    assert.equal(sniffMediaType(Uint8Array.of(0xff, 0xd8)), undefined);
    assert.equal(sniffMediaType(Uint8Array.of(0x89, 0x50, 0x4e, 0x47)), undefined);
    assert.equal(sniffMediaType(Buffer.from('%PDF')), undefined);
  });

  test('near misses and other types are unknown', () => {
    assert.equal(sniffMediaType(Uint8Array.of(0xff, 0xd8, 0x00, 0xe0)), undefined);
    assert.equal(sniffMediaType(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00)), undefined);
    assert.equal(sniffMediaType(Buffer.from('GIF89a\x01\x00')), undefined);
    assert.equal(sniffMediaType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ')), undefined);
    assert.equal(sniffMediaType(Buffer.from(' %PDF-1.7')), undefined);
    assert.equal(sniffMediaType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
  });

  test('random bytes are (almost surely) unknown', () => {
    const bytes = randomBytesOfSize(64);
    bytes[0] = 0x00; // never a magic number's first byte
    assert.equal(sniffMediaType(bytes), undefined);
  });
});

describe('looksComplete', () => {
  test('complete files pass, given their tail or the whole file', async () => {
    const jpeg = await goodIdJpeg();
    const png = await goodIdPng();
    const pdf = pdfBytes();
    assert.equal(looksComplete('image/jpeg', tail(jpeg)), true);
    assert.equal(looksComplete('image/png', tail(png)), true);
    assert.equal(looksComplete('application/pdf', tail(pdf)), true);
    assert.equal(looksComplete('image/jpeg', jpeg), true);
    assert.equal(looksComplete('application/pdf', pdf), true);
  });

  test('truncated JPEG and PNG are refused', async () => {
    assert.equal(looksComplete('image/jpeg', tail(await truncatedJpeg())), false);
    assert.equal(looksComplete('image/png', tail(await truncatedPng())), false);
    const png = await goodIdPng();
    assert.equal(looksComplete('image/png', png.subarray(0, png.length - 1)), false);
    const jpeg = await goodIdJpeg();
    assert.equal(looksComplete('image/jpeg', jpeg.subarray(0, jpeg.length - 1)), false);
  });

  test('a JPEG may be followed by zero padding, but not by other bytes', async () => {
    const jpeg = await goodIdJpeg();
    assert.equal(looksComplete('image/jpeg', Buffer.concat([jpeg, Buffer.alloc(300)])), true);
    assert.equal(looksComplete('image/jpeg', Buffer.concat([jpeg, Buffer.from('junk')])), false);
    assert.equal(looksComplete('image/jpeg', Buffer.alloc(16)), false);
  });

  test('a PDF may have whitespace after %%EOF, but %%EOF must be near the end', () => {
    const pdf = pdfBytes();
    assert.equal(looksComplete('application/pdf', Buffer.concat([pdf, Buffer.from('\r\n  \n')])), true);
    const cut = pdf.subarray(0, pdf.indexOf('xref'));
    assert.equal(looksComplete('application/pdf', cut), false);
    assert.equal(looksComplete('application/pdf', Buffer.concat([pdf, Buffer.alloc(COMPLETENESS_TAIL_BYTES, 0x20)])), false);
  });

  test('empty and short tails are incomplete', () => {
    for (const type of ['image/jpeg', 'image/png', 'application/pdf'] as const) {
      assert.equal(looksComplete(type, new Uint8Array(0)), false);
      assert.equal(looksComplete(type, Uint8Array.of(0xd9)), false);
    }
    assert.equal(looksComplete('image/jpeg', Uint8Array.of(0xff, 0xd9)), true);
    assert.equal(looksComplete('image/png', Uint8Array.of(0x60, 0x82)), false);
    assert.equal(looksComplete('application/pdf', Buffer.from('%EOF')), false);
  });
});
