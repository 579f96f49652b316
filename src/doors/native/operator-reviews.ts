import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Verity } from '../../compose.js';
import { FAILURE_REASONS } from '../../domain/document/document.js';
import { NotFoundError } from '../../domain/errors.js';
import { CASE_DECISIONS } from '../../domain/review/review-case.js';
import { operatorOf } from '../http/operator-auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { DocumentView } from './schemas/documents.js';
import { withExtractions } from './extraction-view.js';
import { HitView, presentHit } from './schemas/screening.js';
import { HIT_DISPOSITIONS, type ScreeningHit } from '../../domain/screening/hits.js';

const security = [{ bearer: [] }];
const tags = ['review (operators)'];
const errors = { 400: ProblemRef, 403: ProblemRef, 404: ProblemRef, 409: ProblemRef, ...authenticatedErrors };

const CaseView = Type.Object({
  id: Type.String(),
  kind: Type.Optional(Type.Union([Type.Literal('documents'), Type.Literal('screening')], { description: "documents: decided with the customer; screening: each sanctions hit decided (POST …/screening-hits/{hitId}/decision)" })),
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
const Decision = Type.Object({ disposition: Type.String(), by: Type.String(), at: Type.String({ format: 'date-time' }), comment: Type.String() });
const ReviewHitView = Type.Object({
  ...HitView.properties,
  state: Type.Union([Type.Literal('open'), Type.Literal('decided')]),
  entry: Type.Any({ description: 'The list entry as it read when last scored: names (strong/weak), dates of birth, countries, programmes' }),
  proposal: Type.Optional(Decision),
  decision: Type.Optional(Decision),
});
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
      schema: {
        tags,
        security,
        summary: 'A case with the customer’s documents, and for a screening case its hits (each with the list entry as it read and why it matched)',
        params: CaseParams,
        response: { 200: Type.Object({ case: CaseView, documents: Type.Array(DocumentView), hits: Type.Optional(Type.Array(ReviewHitView)) }), ...errors },
      },
    },
    async (request) => {
      const found = await verity.reviews.get(request.params.id);
      const { reviewCase } = found;
      const documents = await withExtractions(verity.documentReading, found.documents, true);
      if (reviewCase.kind !== 'screening') return { case: reviewCase, documents };
      const { hits } = await verity.screening.decisions.view(reviewCase.id);
      return { case: reviewCase, documents, hits: hits.map(presentReviewHit) };
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
    async (request) => {
      const decided = await verity.reviews.decideDocument(request.params.id, request.params.documentId, operatorOf(request), request.body as Parameters<typeof verity.reviews.decideDocument>[3]);
      const [document] = await withExtractions(verity.documentReading, [decided], true);
      return document;
    },
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

  app.post(
    '/reviews/:id/screening-hits/:hitId/decision',
    {
      schema: {
        tags,
        security,
        summary: 'Decide a screening hit: a false positive (remembered while neither the entry nor the customer changes) or a true match (the customer is suspended)',
        params: Type.Object({ id: Type.String(), hitId: Type.String() }),
        body: Type.Object(
          {
            disposition: Type.Union(HIT_DISPOSITIONS.map((d) => Type.Literal(d))),
            comment: Type.String({ minLength: 1, maxLength: 1000, description: 'Why: the record an auditor reads' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReviewHitView, ...errors },
      },
    },
    async (request) => {
      const hit = await verity.screening.decisions.decide(request.params.id, request.params.hitId, operatorOf(request), request.body.disposition, request.body.comment);
      return presentReviewHit(hit);
    },
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

/** A hit as a reviewer sees it: with the list entry as it read, and who decided or proposed what. */
function presentReviewHit(hit: ScreeningHit) {
  return { ...presentHit(hit), state: hit.state, entry: hit.entry, ...(hit.proposal && { proposal: hit.proposal }), ...(hit.decision && { decision: hit.decision }) };
}
