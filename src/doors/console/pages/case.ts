import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../../compose.js';
import { FAILURE_REASONS, type FailureReason, failureReasonsFor } from '../../../domain/document/document.js';
import { BadRequestError } from '../../../domain/errors.js';
import { CASE_DECISIONS, type CaseDecision, type ReviewCase } from '../../../domain/review/review-case.js';
import { field, fields, requiredField } from '../forms.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { operatorOf, redirectWithNotice } from '../session.js';
import { loadCaseFile } from './review/case-file.js';
import { casePage } from './review/case-page.js';
import { screeningCasePage } from './screening/case-page.js';
import { queueContextOf } from './review/queue-context.js';
import { casePathIn } from './review/queue-view.js';

type CaseParams = { Params: { id: string } };
type CaseDocumentParams = { Params: { id: string; documentId: string } };

/** As long as the review API allows. */
const MAX_COMMENT_LENGTH = 1000;

const FILE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/**
 * One review case: the customer's data beside the documents, and the claim and decisions, made
 * through the same service calls as the review API (which enforces claims and four-eyes).
 */
export const caseRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  app.get<CaseParams>('/cases/:id', async (request, reply) => {
    const queue = queueContextOf(request.query);
    const file = { ...(await loadCaseFile(verity, request.params.id, operatorOf(request))), ...(queue && { queue }) };
    const screening = file.reviewCase.kind === 'screening';
    const body = screening ? screeningCasePage(request, file, (await verity.screening.decisions.view(file.reviewCase.id)).hits) : casePage(request, file);
    return sendPage(request, reply, {
      title: `${screening ? 'Screening case' : 'Case'}: ${file.customer.firstName} ${file.customer.lastName}`,
      section: 'queue',
      breadcrumb: html`<a href="/console/queue${queue ? `?${queue}` : ''}">Review queue</a> › Case`,
      body,
    });
  });

  app.post<CaseParams>('/cases/:id/claim', async (request, reply) => {
    const claimed = await verity.reviews.claim(request.params.id, operatorOf(request));
    return redirectWithNotice(request, reply, casePathIn(claimed.id, queueContextOf(request.body)), { kind: 'ok', text: 'Claimed: the case is yours for the next 15 minutes.' });
  });

  app.post<CaseDocumentParams>('/cases/:id/documents/:documentId/decision', async (request, reply) => {
    const decision = requiredField(request.body, 'decision', 'The decision');
    if (decision !== 'accept' && decision !== 'reject') throw new BadRequestError('The decision must be accept or reject.');
    const reasons = decision === 'reject' ? fields(request.body, 'reasons') : [];
    if (decision === 'reject' && reasons.length === 0) throw new BadRequestError('Choose at least one failure reason to reject a document.');
    if (reasons.length > 0) await assertReasonsFit(verity, request.params.id, reasons);
    const comment = commentOf(request.body);
    const decided = await verity.reviews.decideDocument(request.params.id, request.params.documentId, operatorOf(request), {
      decision,
      reasons: reasons as FailureReason[],
      ...(comment && { comment }),
    });
    const text = decided.outcome === 'accepted' ? 'Document accepted.' : `Document rejected: ${decided.allFailureReasons.map((f) => f.reason).join(', ')}.`;
    return redirectWithNotice(request, reply, casePathIn(encodeURIComponent(request.params.id), queueContextOf(request.body)), { kind: 'ok', text });
  });

  app.post<CaseParams>('/cases/:id/decision', async (request, reply) => {
    const decision = requiredField(request.body, 'decision', 'The decision');
    if (!CASE_DECISIONS.includes(decision as CaseDecision)) throw new BadRequestError('The decision must be approve, request_documents or reject.');
    const comment = commentOf(request.body);
    const decided = await verity.reviews.decide(request.params.id, operatorOf(request), decision as CaseDecision, comment);
    return redirectWithNotice(request, reply, casePathIn(decided.id, queueContextOf(request.body)), { kind: 'ok', text: decisionNotice(decided) });
  });

  // Any signed-in operator may look at any document (as on the review API); the case page frames it.
  app.get<CaseParams>('/documents/:id/file', async (request, reply) => {
    const { document, content } = await verity.documents.file(undefined, request.params.id);
    return reply
      .type(document.mediaType)
      .header('content-length', String(document.size))
      .header('content-disposition', `inline; filename="document-${document.id}.${FILE_EXTENSIONS[document.mediaType] ?? 'bin'}"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      // Framed by the console's own case page only. No default-src here: browsers apply a
      // document's policy to their built-in PDF viewer, and `object-src 'none'` would blank it.
      .header('content-security-policy', "frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .send(content);
  });
};

/** The console offers business-document reasons for a business only; a forged form gets no further. */
async function assertReasonsFit(verity: Verity, caseId: string, reasons: readonly string[]): Promise<void> {
  const { reviewCase } = await verity.reviews.get(caseId);
  const customer = await verity.customers.get(reviewCase.tenantId, reviewCase.customerId);
  const fitting = failureReasonsFor(customer.type);
  const misfits = reasons.filter((reason) => reason in FAILURE_REASONS && !fitting.includes(reason as FailureReason));
  if (misfits.length > 0) throw new BadRequestError(`${misfits.join(', ')} ${misfits.length === 1 ? 'is a reason' : 'are reasons'} for business documents; this customer is ${customer.type}.`);
}

function commentOf(body: unknown): string | undefined {
  const comment = field(body, 'comment');
  if (comment !== undefined && comment.length > MAX_COMMENT_LENGTH) {
    throw new BadRequestError(`The comment may be at most ${MAX_COMMENT_LENGTH} characters.`);
  }
  return comment;
}

function decisionNotice(decided: ReviewCase): string {
  if (decided.state === 'approved_once') return 'Approved once. A second, different operator must confirm the approval.';
  if (decided.state === 'rejected_once') return 'Rejected once. A second, different operator must confirm the rejection.';
  if (decided.outcome === 'approve') return 'Customer approved: now verified.';
  if (decided.outcome === 'reject') return 'Customer rejected: now suspended.';
  return 'More documents requested: the customer may upload again.';
}
