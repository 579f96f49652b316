import { MAX_DOCUMENT_BYTES, mediaTypeAllowed } from '../../domain/document/document.js';
import { ValidationError } from '../../domain/errors.js';
import { COMPLETENESS_TAIL_BYTES, looksComplete, sniffMediaType, SNIFF_HEAD_BYTES } from '../../adapters/image-inspection/media-type.js';
import type { DocumentsInput } from './schemas.js';
import { namedProblem } from '../../domain/field-problems.js';

export type Side = 'front' | 'back';

export interface IdImage {
  readonly side: Side;
  readonly bytes: Buffer;
}

/** An ID image larger than a document may be (the upload would refuse it with 413 too). */
export class ImageTooLargeError extends Error {
  constructor(readonly side: Side) {
    super(`target.documents.${side} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB once decoded.`);
  }
}

/** Some clients send a data URL (`data:image/jpeg;base64,...`) rather than bare base64. */
const DATA_URL_PREFIX = /^data:[\w.+-]+\/[\w.+-]+;base64,/i;
/** Standard or URL-safe alphabet, padding only at the end. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const WHITESPACE = /\s/;

/**
 * The images of `target.documents`, decoded and checked as far as can be done without the customer
 * (base64, size, JPEG or PNG, not cut short), so a bad image is refused before anything is written.
 */
export function idImages(documents: DocumentsInput | null | undefined): IdImage[] {
  if (documents === undefined || documents === null) return [];
  if (documents.front === undefined || documents.front === null) {
    throw new ValidationError([namedProblem('/target/documents/front', 'Required', 'target.documents.front is required with documents.')]);
  }
  const images: IdImage[] = [{ side: 'front', bytes: decoded(documents.front, 'front') }];
  if (documents.back !== undefined && documents.back !== null) images.push({ side: 'back', bytes: decoded(documents.back, 'back') });
  return images;
}

function decoded(value: string, side: Side): Buffer {
  const pointer = `/target/documents/${side}`;
  const refuse = (detail: string) => new ValidationError([namedProblem(pointer, 'InvalidFormat', `target.documents.${side} ${detail}`)]);
  let text = value.startsWith('data:') ? value.replace(DATA_URL_PREFIX, '') : value;
  // Base64 wrapped into lines (MIME style) is still base64.
  if (WHITESPACE.test(text)) text = text.replace(/\s+/g, '');
  if (text === '') throw refuse('is empty: send the image as base64, or leave the field out.');
  const padded = text.endsWith('=');
  if (!BASE64.test(text) || text.length % 4 === 1 || (padded && text.length % 4 !== 0)) throw refuse('is not valid base64.');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new ImageTooLargeError(side);
  const mediaType = sniffMediaType(bytes.subarray(0, SNIFF_HEAD_BYTES));
  if (mediaType === undefined || !mediaTypeAllowed('idCard', mediaType)) throw refuse('is not a JPEG or PNG image (judged by its content).');
  if (!looksComplete(mediaType, bytes.subarray(-COMPLETENESS_TAIL_BYTES))) throw refuse('is cut short: it does not end the way a complete image does.');
  return bytes;
}
