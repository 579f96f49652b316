// Upload files for the crash test: every upload must be a different file (the store refuses the
// same file twice for a customer, and each one is checked byte for byte afterwards), yet a valid
// image that passes the quality checks. A marker in a comment (JPEG) or text chunk (PNG) makes
// each copy of the real ID image unique without touching its pixels. Large PDFs (type "other")
// skip the image checks and take long enough to stream that a kill can land mid-upload.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export interface UploadFile {
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly mediaType: 'image/jpeg' | 'image/png' | 'application/pdf';
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The JPEG with a COM segment carrying `marker` right after its start-of-image marker. */
export function markedJpeg(jpeg: Buffer, marker: string): UploadFile {
  const text = Buffer.from(marker, 'latin1');
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  text.copy(segment, 4);
  const bytes = Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
  return { bytes, sha256: sha256(bytes), mediaType: 'image/jpeg' };
}

/** The PNG with a tEXt chunk carrying `marker` right after its IHDR chunk. */
export function markedPng(png: Buffer, marker: string): UploadFile {
  const data = Buffer.from(`Comment\0${marker}`, 'latin1');
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const chunk = Buffer.alloc(8 + data.length + 4);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  const afterHeader = 8 + 25; // signature, then IHDR: length, type, 13 bytes of data, CRC
  const bytes = Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
  return { bytes, sha256: sha256(bytes), mediaType: 'image/png' };
}

/** A one-page PDF of about `size` bytes: most of it a stream of random bytes. */
export function largePdf(size: number): UploadFile {
  const payload = randomBytes(Math.max(0, size - 600));
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const add = (chunk: Buffer) => {
    parts.push(chunk);
    length += chunk.length;
  };
  const objects: Array<string | Buffer> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
    payload,
  ];
  objects.forEach((object, i) => {
    offsets.push(length);
    add(Buffer.from(`${i + 1} 0 obj\n`, 'latin1'));
    if (typeof object === 'string') add(Buffer.from(object, 'latin1'));
    else add(Buffer.concat([Buffer.from(`<< /Length ${object.length} >>\nstream\n`, 'latin1'), object, Buffer.from('\nendstream', 'latin1')]));
    add(Buffer.from('\nendobj\n', 'latin1'));
  });
  const xref = length;
  let trailer = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) trailer += `${String(offset).padStart(10, '0')} 00000 n \n`;
  trailer += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  add(Buffer.from(trailer, 'latin1'));
  const bytes = Buffer.concat(parts);
  return { bytes, sha256: sha256(bytes), mediaType: 'application/pdf' };
}

/**
 * A multipart/form-data body with `fields` first and then the file, sent in slices of
 * `sliceBytes` with `pauseMs` between them (a slow client), reporting the share sent so far.
 */
export function multipartBody(
  fields: Readonly<Record<string, string>>,
  file: { readonly name: string; readonly contentType: string; readonly bytes: Buffer },
  pacing: {
    readonly sliceBytes: number;
    readonly pauseMs: number;
    readonly onProgress?: (sent: number) => void;
    /** Awaited before each slice after the first: lets a test hold the upload where it wants. */
    readonly beforeSlice?: (offset: number) => Promise<void>;
  } = { sliceBytes: 1 << 20, pauseMs: 0 },
): { contentType: string; content: AsyncIterable<Uint8Array> } {
  const boundary = `----crash${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  async function* content(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(head, 'latin1');
    for (let offset = 0; offset < file.bytes.length; offset += pacing.sliceBytes) {
      if (offset > 0 && pacing.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pacing.pauseMs));
      if (offset > 0) await pacing.beforeSlice?.(offset);
      yield file.bytes.subarray(offset, offset + pacing.sliceBytes);
      pacing.onProgress?.(Math.min(1, (offset + pacing.sliceBytes) / file.bytes.length));
    }
    yield Buffer.from(tail, 'latin1');
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, content: content() };
}
