// Synthetic backs of US driving licences: the holder's data in an AAMVA PDF417 barcode (drawn by
// bwip-js) on an ID-1 card, clean or photo-like. Fictional data; for tests and the bench.
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { seededRandom } from './synthetic-documents.mjs';

/** `YYYY-MM-DD` as the barcode writes a US date: MMDDCCYY. */
const usDate = (date) => date.slice(5, 7) + date.slice(8, 10) + date.slice(0, 4);

/** A version 10 AAMVA payload (header, one DL subfile) for these fields. */
export function aamvaText(fields) {
  const [first = '', ...middle] = fields.givenNames.toUpperCase().split(/\s+/);
  const elements = [
    ['DAQ', fields.documentNumber],
    ['DCS', fields.surname.toUpperCase()],
    ['DAC', first],
    ['DAD', middle.join(' ') || 'NONE'],
    ['DBB', usDate(fields.dateOfBirth)],
    ['DBA', usDate(fields.expirationDate)],
    ['DBD', usDate(fields.issueDate ?? '2022-01-15')],
    ['DBC', fields.sex === 'F' ? '2' : fields.sex === 'M' ? '1' : '9'],
    ['DAG', '99 MAPLE ST'],
    ['DAI', 'SOME CITY'],
    ['DAJ', fields.jurisdiction],
    ['DAK', '111010000'],
    ['DCG', fields.country ?? 'USA'],
    ['DDE', 'N'],
    ['DDF', 'N'],
    ['DDG', 'N'],
  ];
  const subfile = `DL${elements.map(([id, value]) => `${id}${value}`).join('\n')}\r`;
  // Header: compliance indicator, separators, file type, IIN, version 10, jurisdiction version, one entry.
  const headerLength = 21 + 10;
  const designator = `DL${String(headerLength).padStart(4, '0')}${String(subfile.length).padStart(4, '0')}`;
  return `@\n\x1e\rANSI ${fields.iin ?? '636001'}100001${designator}${subfile}`;
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A JPEG of a licence's back carrying `aamvaText(fields)` in its PDF417. */
export async function syntheticLicenceBack({ fields, condition = 'clean', seed = 1 }) {
  const random = seededRandom(seed);
  const width = 1012;
  const height = 638;
  const barcode = await bwipjs.toBuffer({ bcid: 'pdf417', text: aamvaText(fields), scale: 2, columns: 10, eclevel: 3, padding: 6, backgroundcolor: 'FFFFFF' });
  const meta = await sharp(barcode).metadata();
  const fit = await sharp(barcode).resize({ width: Math.min(meta.width ?? 900, width - 80) }).png().toBuffer();
  const card = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="${width}" height="${height}" rx="36" fill="#dfe6ea"/>
  <text x="40" y="60" font-family="DejaVu Sans" font-size="26" font-weight="bold" fill="#334">${escapeXml(fields.jurisdiction)} DRIVER LICENSE</text>
  <text x="40" y="100" font-family="DejaVu Sans" font-size="20" fill="#445">Restrictions: NONE   Endorsements: NONE</text>
  <text x="40" y="${height - 30}" font-family="DejaVu Sans" font-size="18" fill="#556">${escapeXml(fields.documentNumber)}</text>
</svg>`);
  const page = await sharp(card).composite([{ input: fit, top: 130, left: 40 }]).flatten({ background: '#ffffff' }).png().toBuffer();
  if (condition === 'clean') return sharp(page).jpeg({ quality: 90 }).toBuffer();
  // Photo-like: on a desk, tilted about 2°, a little soft, noisy and compressed.
  const desk = { r: 70, g: 64, b: 58 };
  const angle = 2 * (random() < 0.5 ? -1 : 1) * (0.75 + random() * 0.5);
  const { data, info } = await sharp(page).extend({ top: 50, bottom: 50, left: 50, right: 50, background: desk }).rotate(angle, { background: desk }).blur(0.8).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i] + (random() * 2 - 1) * 18));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 70 }).toBuffer();
}
