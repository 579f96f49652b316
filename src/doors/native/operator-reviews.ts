import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { FAILURE_REASONS } from '../../domain/document/document.js';
import { NotFoundError } from '../../domain/errors.js';
import { CASE_DECISIONS } from '../../domain/review/review-case.js';
import { operatorOf } from '../http/operator-auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { DocumentView } from './schemas/documents.js';

const security = [{ bearer: [] }];
const tags = ['review (operators)'];
const errors = { 400: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef, ...authenticatedErrors };

const CaseView = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  customerId: Type.String(),
  state: Type.String({ description: 'open, approved_once, rejected_once (four-eyes) or closed' }),
  claimedBy: Type.Optional(Type.String()),
  claimExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  pendingDecision: Type.Optional(Type.String()),
  pendingBy: Type.Optional(Type.String()),
  outcome: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Optional(Type.String({ format: 'date-time' })),
});
const CaseParams = Type.Object({ id: Type.String() });
const CaseDocumentParams = Type.Object({ id: Type.String(), documentId: Type.String() });

/**
 * The back-office review API, for operators (bearer tokens from POST /v1/operators/token).
 * Tenants' tokens are refused here (the native door authenticates operators on these routes),
 * and operators' tokens on the tenant API.
 */
export const reviewRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  app.get(
    '/reviews',
    {
      schema: {
        tags,
        security,
        summary: 'Cases still to decide, oldest first',
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('approved_once'), Type.Literal('rejected_once')])),
            tenantId: Type.Optional(Type.String()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(CaseView) }), ...errors },
      },
    },
    async (request) => ({ data: await verity.reviews.list({ ...request.query, limit: request.query.limit ?? 50 }) }),
  );

  app.get(
    '/reviews/:id',
    {
      schema: { tags, security, summary: 'A case with the customer’s documents', params: CaseParams, response: { 200: Type.Object({ case: CaseView, documents: Type.Array(DocumentView) }), ...errors } },
    },
    async (request) => {
      const { reviewCase, documents } = await verity.reviews.get(request.params.id);
      return { case: reviewCase, documents };
    },
  );

  app.post(
    '/reviews/:id/claim',
    { schema: { tags, security, summary: 'Claim the case (a 15-minute lease)', params: CaseParams, response: { 200: CaseView, ...errors } } },
    async (request) => verity.reviews.claim(request.params.id, operatorOf(request)),
  );

  app.post(
    '/reviews/:id/documents/:documentId/decision',
    {
      schema: {
        tags,
        security,
        summary: 'Accept a document, or reject it with failure reasons',
        params: CaseDocumentParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
            reasons: Type.Optional(Type.Array(Type.Union(Object.keys(FAILURE_REASONS).map((r) => Type.Literal(r))), { maxItems: 13 })),
            comment: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DocumentView, ...errors },
      },
    },
    async (request) =>
      verity.reviews.decideDocument(request.params.id, request.params.documentId, operatorOf(request), request.body as Parameters<typeof verity.reviews.decideDocument>[3]),
  );

  app.post(
    '/reviews/:id/decision',
    {
      schema: {
        tags,
        security,
        summary: 'Decide the customer: approve, request more documents, or reject',
        params: CaseParams,
        body: Type.Object(
          { decision: Type.Union(CASE_DECISIONS.map((d) => Type.Literal(d))), comment: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: CaseView, ...errors },
      },
    },
    async (request) => verity.reviews.decide(request.params.id, operatorOf(request), request.body.decision, request.body.comment),
  );

  app.get(
    '/reviews/:id/documents/:documentId/file',
    { schema: { tags, security, summary: 'A document file of the case, decrypted', params: CaseDocumentParams, response: { 200: Type.Any(), ...errors } } },
    async (request, reply) => {
      const { reviewCase, documents } = await verity.reviews.get(request.params.id);
      if (!documents.some((d) => d.id === request.params.documentId)) throw new NotFoundError('document', 'Document not found in this case.');
      const { document, content } = await verity.documents.file(reviewCase.tenantId, request.params.documentId);
      return reply.type(document.mediaType).header('content-length', String(document.size)).header('cache-control', 'private, no-store').send(content);
    },
  );
};
