import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import type { Document } from '../../domain/document/document.js';
import { DuplicateResourceError, InvalidResourceStateError, NotFoundError, TooManyResourcesError, ValidationError } from '../../domain/errors.js';
import { tenantOf } from '../http/auth.js';
import { DOCUMENT_MULTIPART_LIMITS, multipartUpload } from '../http/document-uploads.js';
import { link } from './hal.js';
import { IdParams } from './schemas.js';
import { fieldDetail, statedProblem } from '../../domain/field-problems.js';

/**
 * Dwolla's documents: multipart upload with `documentType` and `file` (in either order: Dwolla's
 * own example sends the file first), list, retrieve. Upload errors carry the codes and messages
 * Dwolla documents for this endpoint.
 */
export const dwollaDocumentRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const base = verity.config.publicUrl;
  await app.register(multipart, { limits: DOCUMENT_MULTIPART_LIMITS, throwFileSizeLimit: false });

  app.post('/customers/:id/documents', { schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    try {
      if (!request.isMultipart()) {
        throw new ValidationError([statedProblem('', 'InvalidFormat', 'Send multipart/form-data with documentType and file.')]);
      }
      const tenantId = tenantOf(request).id;
      const document = await verity.documents.upload(tenantId, id, await multipartUpload(request, verity.documents.staging(tenantId, id)));
      return reply.code(201).header('location', `${base}/documents/${document.id}`).send();
    } catch (error) {
      const refusal = uploadRefusal(error, base);
      if (!refusal) throw error;
      return reply.code(refusal.status).send(refusal.body);
    }
  });

  app.get('/customers/:id/documents', { schema: { params: IdParams } }, async (request) => {
    const { id } = request.params;
    const documents = await verity.documents.list(tenantOf(request).id, id);
    return {
      _links: { self: link(`${base}/customers/${id}/documents`, 'document') },
      _embedded: { documents: documents.map((d) => dwollaDocument(d, base)) },
      total: documents.length,
    };
  });

  app.get('/documents/:id', { schema: { params: IdParams } }, async (request) => {
    const { id } = request.params;
    return dwollaDocument(await verity.documents.get(tenantOf(request).id, id), base);
  });
};

export function dwollaDocument(d: Document, base: string): Record<string, unknown> {
  return {
    _links: { self: link(`${base}/documents/${d.id}`, 'document'), customer: link(`${base}/customers/${d.customerId}`, 'customer') },
    id: d.id,
    status: d.status,
    type: d.type,
    created: d.createdAt,
    documentVerificationStatus: d.outcome ?? 'pending',
    ...(d.outcome === 'rejected' && d.failureReason !== undefined && { failureReason: d.failureReason }),
    ...(d.outcome === 'rejected' && { allFailureReasons: d.allFailureReasons.map((f) => ({ reason: f.reason, description: f.description })) }),
  };
}

/** Dwolla's answers for a refused upload (its lower-camel codes for this endpoint). */
function uploadRefusal(error: unknown, base: string): { status: number; body: Record<string, unknown> } | undefined {
  if (error instanceof TooManyResourcesError) {
    return { status: 400, body: { code: 'maximumNumberOfResources', message: 'Max of four files upload allowed. Please wait for Dwolla to manually check the documents.' } };
  }
  if (error instanceof ValidationError && error.problems.some((p) => p.pointer === '/file' && (p.code === 'InvalidFormat' || p.code === 'NotAllowed'))) {
    return {
      status: 400,
      body: { code: 'invalidFileType', message: `File types supported: Personal IDs - .jpg, .jpeg or .png. Business Documents - .jpg, .jpeg, .png, or .pdf. (${error.problems[0] ? fieldDetail(error.problems[0]) : ''})` },
    };
  }
  if (error instanceof DuplicateResourceError) {
    return {
      status: 400,
      body: { code: 'DuplicateResource', message: 'Document already exists.', ...(error.existingId && { _links: { about: link(`${base}/documents/${error.existingId}`, 'document') } }) },
    };
  }
  if (error instanceof InvalidResourceStateError) {
    return { status: 403, body: { code: 'invalidResourceState', message: `Resource cannot be modified. ${error.detail}` } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { code: 'notFound', message: 'Customer not found. Check CustomerId.' } };
  if ((error as { statusCode?: number } | null)?.statusCode === 413 || (error as { code?: string } | null)?.code === 'PayloadTooLarge') {
    return { status: 413, body: { code: 'fileTooLarge', message: 'Document requests are limited to 10 MiB.' } };
  }
  return undefined;
}
