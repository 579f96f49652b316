import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { DOCUMENT_SIDES, DOCUMENT_TYPES, type DocumentSide, type DocumentType, MAX_DOCUMENT_BYTES } from '../../domain/document/document.js';
import { BadRequestError, DomainError, ValidationError } from '../../domain/errors.js';
import type { UploadInput } from '../../services/documents/document-service.js';
import { assertNoNul } from './text-input.js';
import { statedProblem } from '../../domain/field-problems.js';

/** @fastify/multipart limits for a document upload: one file a byte over the limit (so "too large" shows). */
export const DOCUMENT_MULTIPART_LIMITS = { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 };

/**
 * A multipart document upload: `documentType` (and optionally `side`) fields, then the `file`
 * part, streamed to the service without buffering it.
 */
export async function multipartUpload(request: FastifyRequest): Promise<UploadInput> {
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        assertNoNul(fields[part.fieldname], `/${part.fieldname}`);
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw new ValidationError([statedProblem(`/${part.fieldname}`, 'NotAllowed', 'The only file part accepted is "file".')]);
      }
      try {
        assertNoNul(part.filename, '/fileName');
        const { type, side } = documentFields(fields, '/documentType');
        return { type, ...(side && { side }), fileName: part.filename, content: readableOrRefused(part.file) };
      } catch (error) {
        part.file.resume(); // read and drop the file, so the client gets the answer
        throw error;
      }
    }
  } catch (error) {
    throw asClientFault(error);
  }
  throw new ValidationError([statedProblem('/file', 'Required', 'File required: send documentType, then the file part.')]);
}

/**
 * The multipart parser fails with bare errors (no boundary, a body that ends inside a part):
 * the client's malformed request, answered 400 rather than as a server fault. Errors that
 * already carry a status (the plugin's limits) or a domain code keep theirs.
 */
function asClientFault(error: unknown): unknown {
  if (error instanceof DomainError || typeof (error as { statusCode?: unknown } | null)?.statusCode === 'number') return error;
  return new BadRequestError('The multipart/form-data body cannot be read: it is malformed or cut short.');
}

/** The file part as the service reads it; a body that breaks off mid-file fails the upload as the client's fault. */
function readableOrRefused(file: NodeJS.ReadableStream): PassThrough {
  const content = new PassThrough();
  // Never an unhandled 'error' (the process would die): the service learns of the failure from
  // the stream itself (`errored`), even when it came before the service started reading.
  content.on('error', () => undefined);
  file.on('error', (error) => content.destroy(asClientFault(error) as Error));
  return file.pipe(content);
}

export function documentFields(fields: Record<string, string>, pointer: string): { type: DocumentType; side?: DocumentSide } {
  const type = fields.documentType;
  if (type === undefined) throw new ValidationError([statedProblem(pointer, 'Required', 'DocumentType required (send it before the file).')]);
  if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError([statedProblem(pointer, 'Invalid', `DocumentType must be one of ${DOCUMENT_TYPES.join(', ')}.`)]);
  }
  const side = fields.side;
  if (side !== undefined && !(DOCUMENT_SIDES as readonly string[]).includes(side)) {
    throw new ValidationError([statedProblem('/side', 'Invalid', 'Side must be front or back.')]);
  }
  return { type: type as DocumentType, ...(side && { side: side as DocumentSide }) };
}
