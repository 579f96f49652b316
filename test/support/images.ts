// Image and file fixtures for document-upload tests, generated at test time (no binary files in the
// repository). The ID image is drawn as SVG and rendered by sharp; its "text" is made of glyph-like
// strokes from a seeded generator rather than real text, so the pixels (and therefore the measured
// brightness, contrast and sharpness) do not depend on which fonts the machine has installed.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Size of the default ID image: the ID-1 card ratio (85.6 × 54 mm) at 1000 pixels wide. */
export const ID_IMAGE_WIDTH = 1000;
export const ID_IMAGE_HEIGHT = 630;

/** Side of the square declared by bombPng(). */
export const BOMB_SIDE = 20_000;

// ---------------------------------------------------------------------------------------------
// The ID card drawing.

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A line of glyph-like marks: each character cell gets one to three strokes (stems, bars,
 * diagonals), with occasional word gaps. Returns path data for a stroked path.
 */
function glyphLine(random: () => number, x: number, baseline: number, height: number, chars: number, spaces = true): string {
  const cell = height * 0.72;
  const glyph = cell * 0.78;
  const parts: string[] = [];
  for (let i = 0; i < chars; i += 1) {
    const left = x + i * cell;
    if (spaces && random() < 0.16) continue;
    const top = baseline - height;
    const strokes = 1 + Math.floor(random() * 3);
    for (let s = 0; s < strokes; s += 1) {
      const kind = Math.floor(random() * 4);
      if (kind === 0) {
        const sx = left + random() * glyph;
        parts.push(`M${r1(sx)} ${r1(top)}V${r1(baseline)}`);
      } else if (kind === 1) {
        const sy = top + Math.floor(random() * 3) * (height / 2);
        parts.push(`M${r1(left)} ${r1(sy)}H${r1(left + glyph)}`);
      } else if (kind === 2) {
        parts.push(`M${r1(left)} ${r1(baseline)}L${r1(left + glyph)} ${r1(top)}`);
      } else {
        parts.push(`M${r1(left)} ${r1(top)}L${r1(left + glyph)} ${r1(baseline)}`);
      }
    }
  }
  return parts.join('');
}

function idCardSvg(width: number, height: number): string {
  const random = seeded(20_240_611);
  const text = (d: string, colour: string, strokeWidth: number) =>
    `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${strokeWidth}" stroke-linecap="square"/>`;

  // Security-print background: thin interleaved waves.
  const waves: string[] = [];
  for (let i = 0; i < 14; i += 1) {
    const y = 100 + i * 36;
    const amplitude = 8 + (i % 4) * 3;
    let d = `M0 ${y}`;
    for (let xx = 0; xx <= 1000; xx += 25) d += `L${xx} ${r1(y + amplitude * Math.sin((xx / 1000) * Math.PI * 6 + i))}`;
    waves.push(`<path d="${d}" fill="none" stroke="#c4d3e6" stroke-width="1.5"/>`);
  }

  const fields: string[] = [];
  for (let row = 0; row < 5; row += 1) {
    const y = 140 + row * 62;
    fields.push(text(glyphLine(random, 320, y, 12, 14, false), '#6b6b6b', 1.6));
    fields.push(text(glyphLine(random, 320, y + 34, 24, 18 + (row % 3) * 4), '#111111', 3));
  }

  const mrz = [0, 1].map((line) => text(glyphLine(random, 44, 540 + line * 46, 30, 43, false), '#000000', 3.4));

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1000 630">
<rect width="1000" height="630" fill="#f2eee3"/>
${waves.join('\n')}
<rect width="1000" height="86" fill="#1f3a68"/>
${text(glyphLine(random, 40, 58, 30, 24), '#ffffff', 3.4)}
<circle cx="900" cy="43" r="28" fill="none" stroke="#e7c55b" stroke-width="5"/>
<rect x="40" y="118" width="250" height="310" fill="#d8d2c4" stroke="#555555" stroke-width="2"/>
<path d="M62 428C70 352 110 330 165 330S262 352 268 428Z" fill="#3a3f4b"/>
<ellipse cx="165" cy="250" rx="64" ry="82" fill="#b98a6e"/>
<path d="M101 232C104 168 226 168 229 232C214 196 116 196 101 232Z" fill="#2b2119"/>
<ellipse cx="141" cy="250" rx="9" ry="6" fill="#1d1d1d"/>
<ellipse cx="189" cy="250" rx="9" ry="6" fill="#1d1d1d"/>
<path d="M165 258L158 288H172" fill="none" stroke="#7a5442" stroke-width="3"/>
<path d="M141 306Q165 320 189 306" fill="none" stroke="#6d2f2a" stroke-width="4"/>
${fields.join('\n')}
<path d="M700 470C720 420 740 500 760 450S800 430 815 470S860 440 900 455" fill="none" stroke="#0f2a6b" stroke-width="3"/>
<rect x="30" y="500" width="940" height="110" fill="#ffffff" fill-opacity="0.55"/>
${mrz.join('\n')}
</svg>`;
}

// ---------------------------------------------------------------------------------------------
// Cached renders: each fixture is made once per test process; callers get their own copy.

const cache = new Map<string, Promise<Buffer>>();

async function cached(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  let pending = cache.get(key);
  if (!pending) {
    pending = make();
    cache.set(key, pending);
  }
  return Buffer.from(await pending);
}

export interface IdImageOptions {
  /** Width in pixels; the height follows the ID-1 card ratio. Default 1000 (1000×630). */
  readonly width?: number;
}

function idSize(options: IdImageOptions): { width: number; height: number } {
  const width = options.width ?? ID_IMAGE_WIDTH;
  return { width, height: Math.round((width * ID_IMAGE_HEIGHT) / ID_IMAGE_WIDTH) };
}

function renderId(options: IdImageOptions): sharp.Sharp {
  const { width, height } = idSize(options);
  return sharp(Buffer.from(idCardSvg(width, height)));
}

/** A clean, sharp, well-exposed ID card photo as JPEG (1000×630 unless a width is given). */
export function goodIdJpeg(options: IdImageOptions = {}): Promise<Buffer> {
  const { width } = idSize(options);
  return cached(`good-jpeg-${width}`, () => renderId(options).jpeg({ quality: 90 }).toBuffer());
}

/** The same ID card as PNG. */
export function goodIdPng(options: IdImageOptions = {}): Promise<Buffer> {
  const { width } = idSize(options);
  return cached(`good-png-${width}`, () => renderId(options).png().toBuffer());
}

async function fromGoodJpeg(key: string, transform: (image: sharp.Sharp) => sharp.Sharp): Promise<Buffer> {
  return cached(key, async () => transform(sharp(await goodIdJpeg())).jpeg({ quality: 90 }).toBuffer());
}

/** The ID card at 200×120: decodable and sharp, but far too small. */
export function tinyJpeg(): Promise<Buffer> {
  return fromGoodJpeg('tiny', (image) => image.resize(200, 120, { fit: 'fill' }));
}

/** The ID card badly under-exposed (every level scaled to 12 %). */
export function darkJpeg(): Promise<Buffer> {
  return fromGoodJpeg('dark', (image) => image.linear(0.12, 0));
}

/** The ID card washed out by glare (levels squeezed into the top of the range). */
export function washedOutJpeg(): Promise<Buffer> {
  return fromGoodJpeg('washed-out', (image) => image.linear(0.2, 205));
}

/** The ID card behind fog: normal brightness but almost no contrast. */
export function lowContrastJpeg(): Promise<Buffer> {
  return fromGoodJpeg('low-contrast', (image) => image.linear(0.12, 110));
}

/** The ID card out of focus (Gaussian blur, sigma 6 by default). */
export function blurryJpeg(sigma = 6): Promise<Buffer> {
  return fromGoodJpeg(`blurry-${sigma}`, (image) => image.blur(sigma));
}

/** The good JPEG cut in half, as after an interrupted upload. */
export async function truncatedJpeg(): Promise<Buffer> {
  const full = await goodIdJpeg();
  return full.subarray(0, Math.floor(full.length / 2));
}

/** The good PNG cut in half. */
export async function truncatedPng(): Promise<Buffer> {
  const full = await goodIdPng();
  return full.subarray(0, Math.floor(full.length / 2));
}

/** The PNG bytes of the ID card; the caller gives it a .jpg name (the name must not matter). */
export function pngNamedJpg(): Promise<Buffer> {
  return goodIdPng();
}

function streamObject(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

/** A minimal valid one-page PDF (with a correct cross-reference table). */
export function pdfBytes(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
    streamObject('0 0 1 rg 72 720 200 50 re f'),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An HTML page (what a browser might save under any name, e.g. passport.png). */
export function htmlAsPng(): Buffer {
  return Buffer.from('<!DOCTYPE html>\n<html><head><title>Passport</title></head><body><img src="passport.png"></body></html>\n');
}

// ---------------------------------------------------------------------------------------------
// Decompression bomb.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

let bomb: Buffer | undefined;

/**
 * A genuine, valid PNG of 20000×20000 black pixels (1-bit greyscale): about 50 kB on disk, 400
 * megapixels once decoded. Built by hand because asking sharp to encode it would take seconds.
 */
export function bombPng(): Buffer {
  if (!bomb) {
    const rowBytes = 1 + Math.ceil(BOMB_SIDE / 8); // filter byte + 1 bit per pixel
    const header = Buffer.alloc(13);
    header.writeUInt32BE(BOMB_SIDE, 0);
    header.writeUInt32BE(BOMB_SIDE, 4);
    header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
    bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('IDAT', deflateSync(Buffer.alloc(rowBytes * BOMB_SIDE), { level: 9 })),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
  }
  return Buffer.from(bomb);
}

/** n random bytes (almost surely no known file type). */
export function randomBytesOfSize(n: number): Buffer {
  return randomBytes(n);
}
