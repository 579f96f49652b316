import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Verity } from '../../compose.js';
import { type DocumentSide, type DocumentType, MAX_DOCUMENT_BYTES } from '../../domain/document/document.js';
import { ValidationError } from '../../domain/errors.js';
import type { UploadInput } from '../../services/documents/document-service.js';
import { tenantOf } from '../http/auth.js';
import { DOCUMENT_MULTIPART_LIMITS, multipartUpload } from '../http/document-uploads.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { CustomerParams } from './schemas/customers.js';
import { DocumentJsonUpload, DocumentList, DocumentView } from './schemas/documents.js';
import { statedProblem } from '../../domain/field-problems.js';
import { unreadExtraction } from '../../domain/document/extraction.js';
import { extractionView, withExtractions } from './extraction-view.js';

const security = [{ bearer: [] }];
const tags = ['documents'];
const errors = { 400: ProblemRef, 404: ProblemRef, 409: ProblemRef, 413: ProblemRef, 415: ProblemRef, ...authenticatedErrors };
const checkJsonUpload = Compile(DocumentJsonUpload);
/** Base64 grows a file by a third; the JSON form may be that much larger than the file limit. */
const JSON_UPLOAD_LIMIT = Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 64 * 1024;

export const documentRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  await app.register(multipart, {
    limits: DOCUMENT_MULTIPART_LIMITS,
    throwFileSizeLimit: false,
  });

  app.post(
    '/customers/:id/documents',
    {
      bodyLimit: JSON_UPLOAD_LIMIT,
      schema: {
        tags,
        security,
        summary: 'Upload an identity document (multipart: documentType and file, in either order; or JSON with a base64 image)',
        consumes: ['multipart/form-data', 'application/json'],
        params: CustomerParams,
        response: { 201: DocumentView, ...errors },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request).id;
      const input = request.isMultipart() ? await multipartUpload(request, verity.documents.staging(tenantId, request.params.id)) : jsonUpload(request.body);
      const document = await verity.documents.upload(tenantId, request.params.id, input);
      const extraction = unreadExtraction(document.id, verity.documentReading.reads(document) ? 'pending' : 'off');
      return reply.code(201).header('location', `${verity.config.publicUrl}/v1/documents/${document.id}`).send({ ...document, extraction });
    },
  );

  app.get(
    '/customers/:id/documents',
    { schema: { tags, security, summary: "A customer's documents, newest first", params: CustomerParams, response: { 200: DocumentList, ...errors } } },
    async (request) => {
      const documents = await verity.documents.list(tenantOf(request).id, request.params.id);
      return { data: await withExtractions(verity.documentReading, documents, false) };
    },
  );

  app.get(
    '/documents/:id',
    {
      config: { operators: true },
      schema: {
        tags,
        security,
        summary: 'A document: type, media type, size, review status and outcome, and what was read off it (tenant or operator token)',
        params: CustomerParams,
        response: { 200: DocumentView, ...errors },
      },
    },
    async (request) => {
      const owner = ownerOf(request);
      const document = await verity.documents.get(owner, request.params.id);
      return { ...document, extraction: extractionView(await verity.documentReading.extractionOf(document), owner === undefined) };
    },
  );

  app.get(
    '/documents/:id/file',
    {
      config: { operators: true },
      schema: {
        tags,
        security,
        summary: 'The document file, decrypted (tenant or operator token)',
        params: CustomerParams,
        response: { 200: Type.Any({ description: 'The file, with its sniffed content type' }), ...errors },
      },
    },
    async (request, reply) => {
      const { document, content } = await verity.documents.file(ownerOf(request), request.params.id);
      return reply
        .type(document.mediaType)
        .header('content-length', String(document.size))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );
};

/** The tenant whose documents the caller may see; undefined for an operator, who may see all. */
function ownerOf(request: FastifyRequest): string | undefined {
  return request.operator ? undefined : tenantOf(request).id;
}

/** Reads documentType (and side) first, then streams the file part without buffering it. */
function jsonUpload(body: unknown): UploadInput {
  if (!checkJsonUpload.Check(body)) {
    const problems = [...checkJsonUpload.Errors(body)].slice(0, 10).map((e) => (statedProblem(e.instancePath || '', 'Invalid', `${e.instancePath.slice(1) || 'body'} ${e.message}`)));
    throw new ValidationError(problems.length > 0 ? problems : [statedProblem('', 'Invalid', 'Send multipart/form-data, or JSON with documentType and image.')]);
  }
  const upload = body as { documentType: DocumentType; side?: DocumentSide; fileName?: string; image: string };
  return {
    type: upload.documentType,
    ...(upload.side && { side: upload.side }),
    ...(upload.fileName && { fileName: upload.fileName }),
    content: Readable.from([decodeBase64(upload.image)]),
  };
}


const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Buffer {
  const bare = text.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (bare.length === 0 || bare.length % 4 !== 0 || !BASE64.test(bare)) {
    throw new ValidationError([statedProblem('/image', 'InvalidFormat', 'Image must be base64-encoded file content.')]);
  }
  return Buffer.from(bare, 'base64');
}
