import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { DOCUMENT_SIDES, DOCUMENT_TYPES, type DocumentSide, type DocumentType, MAX_DOCUMENT_BYTES } from '../../domain/document/document.js';
import { BadRequestError, DomainError, ValidationError } from '../../domain/errors.js';
import type { FileStaging, UploadInput } from '../../services/documents/document-service.js';
import type { StagedFile } from '../../services/documents/received-file.js';
import { assertNoNul } from './text-input.js';
import { statedProblem } from '../../domain/field-problems.js';

/** @fastify/multipart limits for a document upload: one file a byte over the limit (so "too large" shows). */
export const DOCUMENT_MULTIPART_LIMITS = { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 };

/**
 * A multipart document upload: `documentType` (and optionally `side`) fields and the `file` part,
 * in either order. When the fields come first the file is streamed to the service as it arrives.
 * When the file comes first (as in Dwolla's own example) it is staged, stored encrypted like any
 * upload, until the form ends and says what it is; a form that ends without a valid documentType
 * has its staged file discarded. Memory stays bounded either way: nothing is buffered.
 */
export async function multipartUpload(request: FastifyRequest, staging: FileStaging): Promise<UploadInput> {
  const fields: Record<string, string> = {};
  let staged: { file: StagedFile; fileName: string } | undefined;
  try {
    for await (const part of clientFaultsOf(request.parts())) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        assertNoNul(fields[part.fieldname], `/${part.fieldname}`);
        continue;
      }
      try {
        if (part.fieldname !== 'file' || staged) {
          throw new ValidationError([statedProblem(`/${part.fieldname}`, 'NotAllowed', 'The only file part accepted is one "file".')]);
        }
        assertNoNul(part.filename, '/fileName');
        if (fields.documentType === undefined) {
          staged = { file: await staging.stage(readableOrRefused(part.file)), fileName: part.filename };
          continue;
        }
        const { type, side } = documentFields(fields, '/documentType');
        return { type, ...(side && { side }), fileName: part.filename, content: readableOrRefused(part.file) };
      } catch (error) {
        part.file.unpipe();
        part.file.resume(); // read and drop the file, so the client gets the answer
        throw error;
      }
    }
    if (!staged) throw new ValidationError([statedProblem('/file', 'Required', 'File required: send documentType and the file part.')]);
    const { type, side } = documentFields(fields, '/documentType');
    return { type, ...(side && { side }), fileName: staged.fileName, content: staged.file };
  } catch (error) {
    if (staged) await staging.discard(staged.file);
    throw error;
  }
}

/** The form's parts; the parser's own failures become the client's (see asClientFault), nothing else does. */
async function* clientFaultsOf<T>(parts: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = parts[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw asClientFault(error);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
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
  if (type === undefined) throw new ValidationError([statedProblem(pointer, 'Required', 'DocumentType required.')]);
  if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError([statedProblem(pointer, 'Invalid', `DocumentType must be one of ${DOCUMENT_TYPES.join(', ')}.`)]);
  }
  const side = fields.side;
  if (side !== undefined && !(DOCUMENT_SIDES as readonly string[]).includes(side)) {
    throw new ValidationError([statedProblem('/side', 'Invalid', 'Side must be front or back.')]);
  }
  return { type: type as DocumentType, ...(side && { side: side as DocumentSide }) };
}
