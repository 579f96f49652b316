// Media-type sniffing for uploaded documents. The type is decided from the bytes themselves, never
// from the file name or the Content-Type header the client sent. Pure functions over byte arrays:
// the caller reads the first SNIFF_HEAD_BYTES and the last COMPLETENESS_TAIL_BYTES of the upload.

export type SniffedMediaType = 'image/jpeg' | 'image/png' | 'application/pdf';

/** How many leading bytes sniffMediaType() needs (more are ignored). */
export const SNIFF_HEAD_BYTES = 8;

/**
 * How many trailing bytes looksComplete() examines: PDF readers look for %%EOF in the last 1024
 * bytes, and that is also far more than the JPEG and PNG end markers need.
 */
export const COMPLETENESS_TAIL_BYTES = 1024;

const JPEG_START = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_START = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

const JPEG_END = [0xff, 0xd9]; // EOI marker
const PNG_END = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]; // IEND chunk type and its CRC
const PDF_END = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function endsWithAt(bytes: Uint8Array, end: number, suffix: readonly number[]): boolean {
  const start = end - suffix.length;
  return start >= 0 && suffix.every((byte, i) => bytes[start + i] === byte);
}

/**
 * The media type announced by the file's magic number, or undefined when it is none of the
 * accepted types (including empty and too-short input). `head` is the start of the file.
 */
export function sniffMediaType(head: Uint8Array): SniffedMediaType | undefined {
  if (startsWith(head, JPEG_START)) return 'image/jpeg';
  if (startsWith(head, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(head, PDF_START)) return 'application/pdf';
  return undefined;
}

/**
 * Whether the file's end looks like a complete file of that type, so that a truncated upload can
 * be refused without decoding it. `tail` is the end of the file (COMPLETENESS_TAIL_BYTES suffice;
 * the whole file also works).
 *
 * - JPEG: ends with the EOI marker FF D9; trailing zero bytes (padding some encoders and cameras
 *   add) are allowed after it.
 * - PNG: ends with the IEND chunk (its type and fixed CRC, 49 45 4E 44 AE 42 60 82).
 * - PDF: contains %%EOF within the last 1024 bytes (trailing whitespace or junk after it is
 *   common and tolerated, as PDF readers do).
 *
 * This is a cheap structural check, not a validation: a file that passes can still fail to decode.
 */
export function looksComplete(mediaType: SniffedMediaType, tail: Uint8Array): boolean {
  switch (mediaType) {
    case 'image/jpeg': {
      let end = tail.length;
      while (end > 0 && tail[end - 1] === 0x00) end -= 1;
      return endsWithAt(tail, end, JPEG_END);
    }
    case 'image/png':
      return endsWithAt(tail, tail.length, PNG_END);
    case 'application/pdf': {
      const from = Math.max(0, tail.length - COMPLETENESS_TAIL_BYTES);
      for (let end = tail.length; end - PDF_END.length >= from; end -= 1) {
        if (endsWithAt(tail, end, PDF_END)) return true;
      }
      return false;
    }
  }
}
