import type { FastifyRequest } from 'fastify';
import { DOCUMENT_SIDES, DOCUMENT_TYPES, type DocumentSide, type DocumentType, MAX_DOCUMENT_BYTES } from '../domain/document/document.js';
import { ValidationError } from '../domain/errors.js';
import type { UploadInput } from '../services/documents/document-service.js';

/** @fastify/multipart limits for a document upload: one file a byte over the limit (so "too large" shows). */
export const DOCUMENT_MULTIPART_LIMITS = { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 };

/**
 * A multipart document upload: `documentType` (and optionally `side`) fields, then the `file`
 * part, streamed to the service without buffering it.
 */
export async function multipartUpload(request: FastifyRequest): Promise<UploadInput> {
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw new ValidationError([{ pointer: `/${part.fieldname}`, code: 'NotAllowed', detail: 'The only file part accepted is "file".' }]);
    }
    try {
      const { type, side } = documentFields(fields, '/documentType');
      return { type, ...(side && { side }), fileName: part.filename, content: part.file };
    } catch (error) {
      part.file.resume(); // read and drop the file, so the client gets the answer
      throw error;
    }
  }
  throw new ValidationError([{ pointer: '/file', code: 'Required', detail: 'File required: send documentType, then the file part.' }]);
}

export function documentFields(fields: Record<string, string>, pointer: string): { type: DocumentType; side?: DocumentSide } {
  const type = fields.documentType;
  if (type === undefined) throw new ValidationError([{ pointer, code: 'Required', detail: 'DocumentType required (send it before the file).' }]);
  if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError([{ pointer, code: 'Invalid', detail: `DocumentType must be one of ${DOCUMENT_TYPES.join(', ')}.` }]);
  }
  const side = fields.side;
  if (side !== undefined && !(DOCUMENT_SIDES as readonly string[]).includes(side)) {
    throw new ValidationError([{ pointer: '/side', code: 'Invalid', detail: 'Side must be front or back.' }]);
  }
  return { type: type as DocumentType, ...(side && { side: side as DocumentSide }) };
}
