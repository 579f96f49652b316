import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { ACTION_SOURCES, MANUAL_DECISION_TARGET, type ManualDecision, type StatusAction, type TransitionResult, transition } from '../../domain/customer/status-machine.js';
import { type Document, FAILURE_REASONS, type FailureReason, failure } from '../../domain/document/document.js';
import { ConflictError, ForbiddenError, InvalidResourceStateError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Operator } from '../../domain/operator.js';
import { type CaseDecision, CLAIM_LEASE_MS, liveClaimHolder, mayWork, type ReviewCase, type ReviewCaseState } from '../../domain/review/review-case.js';
import { uuidv7 } from '../../kit/ids.js';
import { appendToOutbox } from '../../store/events-repository.js';
import { SEQUENCE_BASE } from '../../domain/webhooks/event-record.js';
import { findCustomer } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import { findCustomerDocument, listCustomerDocuments, recordDocumentDecision } from '../../store/documents-repository.js';
import { findOpenCaseOfCustomer, findReviewCase, listCasesOfCustomer, listOpenCases, openCaseIfNone, updateReviewCase } from '../../store/review-cases-repository.js';
import { listQueue } from '../../store/review-queue-repository.js';
import type { QueueEntry, QueueFilter } from '../../domain/review/queue.js';
import { lastReviewerDecision, listVerificationAttempts } from '../../store/customer-records-repository.js';
import type { AttemptRow } from '../../domain/customer/records.js';
import { findTenantById } from '../../store/tenants-repository.js';
import { mayAttest, tenantVerificationPolicy } from '../../domain/tenant.js';
import { deciderOf, type VerificationRecord, verificationRecord } from '../../domain/verification/basis.js';
import { assertBasisAccepted } from '../../domain/verification/verification-policy.js';
import { checkTenantDecision } from '../../domain/verification/tenant-decision.js';
import { isUuid } from '../../kit/cursor.js';
import { saveChange } from '../customers/customer-writes.js';
import type { Transact } from '../../store/transactions.js';
import { statedProblem } from '../../domain/field-problems.js';

export interface DocumentDecision {
  readonly decision: 'accept' | 'reject';
  readonly reasons?: readonly FailureReason[];
  readonly comment?: string;
}

/** Reasons that end in suspension whatever else is decided (fraud and the like). */
const SUSPENDING_REASONS: ReadonlySet<FailureReason> = new Set(['ScanFailedOther']);

/** The review queue: claim a case, decide each document, decide the customer. */
export class ReviewService {
  constructor(
    private readonly db: Kysely<Database>,
    /** Event-writing transactions go through the store's, so their webhooks go out at once. */
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly fourEyes: boolean,
    /** Sandbox mode: tenants may attest their customers unless an operator said otherwise. */
    private readonly sandboxMode: boolean,
  ) {}

  list(filter: { tenantId?: string; state?: ReviewCaseState; limit: number }): Promise<ReviewCase[]> {
    return listOpenCases(this.db, filter);
  }

  /** The console's queue: cases in progress with their customer, tenant, claim and document count. */
  queue(filter: QueueFilter): Promise<QueueEntry[]> {
    return listQueue(this.db, { ...filter, now: this.#now() });
  }

  /** What came before a case: every case of its customer (newest first) and its verification attempts. */
  async background(caseId: string): Promise<{ cases: ReviewCase[]; attempts: AttemptRow[] }> {
    const { reviewCase } = await this.#load(caseId);
    const [cases, attempts] = await Promise.all([listCasesOfCustomer(this.db, reviewCase.customerId), listVerificationAttempts(this.db, reviewCase.customerId)]);
    return { cases, attempts };
  }

  async get(caseId: string): Promise<{ reviewCase: ReviewCase; documents: Document[] }> {
    const { reviewCase } = await this.#load(caseId);
    return { reviewCase, documents: await listCustomerDocuments(this.db, reviewCase.customerId) };
  }

  /**
   * The customer asks for a manual review of its application (Delos): opens a case, or joins the
   * one in progress. Reviewers then decide it like any case; a customer not awaiting documents is
   * decided by hand (approve, request documents, reject) rather than on documents.
   */
  async submitApplication(tenantId: string, customerId: string, actor: Actor): Promise<void> {
    const { customer, pii } = await this.#customer(tenantId, customerId);
    if (!ACTION_SOURCES.manualDecision.includes(customer.status) || customer.status === 'verified') {
      throw new InvalidResourceStateError(`An application cannot be submitted for a customer in status ${customer.status}.`);
    }
    const now = this.#now();
    await this.transact(async (trx) => {
      await openCaseIfNone(trx, { id: uuidv7(), tenantId, customerId: customer.id, state: 'open', createdAt: now, updatedAt: now });
      const noted: Customer = { ...customer, updatedAt: now, version: customer.version + 1 };
      await saveChange(trx, noted, pii, customer.version, actor, {
        history: [{ action: 'application_submitted', before: customer.status, after: customer.status }],
        topics: [],
      });
    });
  }

  /**
   * The tenant decides the verification itself (Veratad's updateStatus): approve → verified (an
   * attestation), reject → suspended, request documents → document. Who may do what is decided
   * by checkTenantDecision; the decision is recorded in the history as the tenant's attestation.
   * Deciding what already holds (approving a verified customer, rejecting a suspended one)
   * changes nothing.
   */
  async decideAsTenant(tenantId: string, customerId: string, decision: ManualDecision, actor: Actor, comment?: string): Promise<Customer> {
    const { customer, pii } = await this.#customer(tenantId, customerId);
    if (decision !== 'request_documents' && customer.status === MANUAL_DECISION_TARGET[decision]) return customer;
    const now = this.#now();
    // Read fresh, not from a cache: an operator's change of the setting holds at once on every process.
    const tenant = await findTenantById(this.db, tenantId);
    if (!tenant) throw new NotFoundError('customer', 'Customer not found.');
    return this.transact(async (trx) => {
      const [open, lastDecision] = await Promise.all([findOpenCaseOfCustomer(trx, customer.id), lastReviewerDecision(trx, customer.id)]);
      checkTenantDecision(decision, {
        customer,
        mayAttest: mayAttest(tenant, this.sandboxMode),
        ...(open && { openCaseId: open.reviewCase.id }),
        ...(lastDecision && { lastReviewerDecision: lastDecision }),
      });
      if (decision === 'approve') assertBasisAccepted('tenant_attestation', tenantVerificationPolicy(tenant, this.sandboxMode).accepted);
      const record =
        decision === 'approve'
          ? verificationRecord('tenant_attestation', deciderOf(actor), now, [{ kind: 'attestation', tenantId, ...(comment && { comment }) }])
          : undefined;
      const moved = transition(customer, { kind: 'manualDecision', decision, ...(record && { record }) }, actor);
      const changed = afterMove(customer, moved, now);
      // The version check refuses the change if anything (an upload opening a case) came between.
      await saveChange(trx, changed, pii, customer.version, actor, {
        history: [
          {
            action: 'tenant_attestation',
            before: customer.status,
            after: changed.status,
            reasonCode: decision,
            ...(comment && { comment }),
            ...(record && { basis: 'tenant_attestation' as const }),
          },
        ],
        topics: moved.topics,
      });
      return changed;
    });
  }

  /** Takes the case for CLAIM_LEASE_MS; another reviewer may take it only after that. */
  async claim(caseId: string, operator: Operator): Promise<ReviewCase> {
    const { reviewCase, version } = await this.#load(caseId);
    const now = this.#now();
    this.#assertOpen(reviewCase);
    if (!mayWork(reviewCase, operator.id, now)) throw new ConflictError('Another reviewer holds this case; try again when their claim runs out.');
    const claimed: ReviewCase = {
      ...reviewCase,
      claimedBy: operator.id,
      claimExpiresAt: new Date(Date.parse(now) + CLAIM_LEASE_MS).toISOString(),
      updatedAt: now,
    };
    // Taking a case goes in the customer's history; renewing one's own live claim does not.
    const renewal = liveClaimHolder(reviewCase, now) === operator.id;
    await this.transact(async (trx) => {
      if (!(await updateReviewCase(trx, claimed, version))) throw new ConflictError('The case changed meanwhile; claim it again.');
      if (!renewal) await this.#note(trx, reviewCase, { kind: 'operator', id: operator.id, role: operator.role }, { action: 'case_claimed' }, now);
    });
    return claimed;
  }

  /** Accepts or rejects one pending document of the case. */
  async decideDocument(caseId: string, documentId: string, operator: Operator, decision: DocumentDecision): Promise<Document> {
    const { reviewCase } = await this.#claimedBy(caseId, operator);
    const document = isUuid(documentId) ? await findCustomerDocument(this.db, reviewCase.customerId, documentId) : undefined;
    if (!document) throw new NotFoundError('document', 'Document not found in this case.');
    if (document.status !== 'pending') throw new InvalidResourceStateError('This document was decided already.');
    const reasons = decision.decision === 'reject' ? checkReasons(decision.reasons) : [];
    const now = this.#now();
    const decided: Document = {
      ...document,
      status: 'reviewed',
      outcome: decision.decision === 'accept' ? 'accepted' : 'rejected',
      ...(reasons[0] && { failureReason: reasons[0] }),
      allFailureReasons: reasons.map((reason) => failure(reason)),
      reviewedBy: operator.id,
      reviewedAt: now,
    };
    await this.transact(async (trx) => {
      if (!(await recordDocumentDecision(trx, decided))) throw new ConflictError('This document was decided meanwhile.');
      const noted = {
        action: `document_${decided.outcome}`,
        ...(reasons.length > 0 && { reasonCode: reasons.join(',') }),
        ...(decision.comment && { comment: decision.comment }),
      };
      await this.#note(trx, reviewCase, { kind: 'operator', id: operator.id, role: operator.role }, noted, now);
      const topic = decided.outcome === 'accepted' ? 'customer_verification_document_approved' : 'customer_verification_document_failed';
      await appendToOutbox(trx, SEQUENCE_BASE.unversioned, [
        { id: uuidv7(), tenantId: document.tenantId, topic, resourceType: 'document', resourceId: document.id, customerId: document.customerId, createdAt: now },
      ]);
    });
    return decided;
  }

  /**
   * Decides the customer: approve (→ verified), request more documents (stays in document) or
   * reject (→ suspended). In four-eyes mode an approval or rejection takes effect only when a
   * second, different operator makes the same decision.
   */
  async decide(caseId: string, operator: Operator, decision: CaseDecision, comment?: string): Promise<ReviewCase> {
    const { reviewCase, version } = await this.#claimedBy(caseId, operator);
    const documents = await listCustomerDocuments(this.db, reviewCase.customerId);
    if (documents.some((d) => d.status === 'pending')) throw new InvalidResourceStateError('Decide every pending document first.');
    const fraud = documents.some((d) => d.allFailureReasons.some((f) => SUSPENDING_REASONS.has(f.reason)));
    // A customer awaiting documents is decided on them; one whose application came for review
    // without being asked for documents (Delos) is decided by hand.
    const { customer } = await this.#customer(reviewCase.tenantId, reviewCase.customerId);
    const onDocuments = customer.status === 'document';
    if (decision === 'approve' && onDocuments && !documents.some((d) => d.outcome === 'accepted')) {
      throw new InvalidResourceStateError('Approving needs at least one accepted document.');
    }
    if (decision === 'request_documents' && fraud) {
      throw new InvalidResourceStateError('A document failed for a suspending reason (ScanFailedOther): the case can only be rejected.');
    }
    const now = this.#now();
    const actor: Actor = { kind: 'operator', id: operator.id, role: operator.role };
    if (this.fourEyes && decision !== 'request_documents') {
      if (reviewCase.pendingDecision === undefined || reviewCase.pendingDecision !== decision) {
        const once: ReviewCase = {
          ...reviewCase,
          state: decision === 'approve' ? 'approved_once' : 'rejected_once',
          pendingDecision: decision,
          pendingBy: operator.id,
          claimedBy: undefined,
          claimExpiresAt: undefined,
          updatedAt: now,
        };
        await this.transact(async (trx) => {
          await this.#saveCase(trx, once, version);
          await this.#note(trx, reviewCase, actor, { action: `review_${decision}_first`, ...(comment && { comment }) }, now);
        });
        return once;
      }
      if (reviewCase.pendingBy === operator.id) throw new ForbiddenError('Four-eyes mode: a second, different operator must confirm this decision.');
    }
    const closed = closedWith(reviewCase, decision, now);
    const record = decision === 'approve' ? await this.#reviewRecord(reviewCase, documents, operator, now) : undefined;
    const action: StatusAction = !onDocuments
      ? { kind: 'manualDecision', decision, ...(record && { record }) }
      : record
        ? { kind: 'documentsApproved', record }
        : { kind: 'documentsRejected', final: decision === 'reject' };
    await this.transact(async (trx) => {
      await this.#saveCase(trx, closed, version);
      await this.#moveCustomer(trx, reviewCase, action, actor, decision, comment, now);
    });
    return closed;
  }

  async #moveCustomer(trx: Transaction<Database>, reviewCase: ReviewCase, action: StatusAction, actor: Actor, decision: CaseDecision, comment: string | undefined, now: string) {
    const record = await findCustomer(trx, reviewCase.tenantId, reviewCase.customerId);
    if (!record) throw new NotFoundError('customer');
    const { customer, pii } = record;
    const moved = transition(customer, action, actor);
    const changed = afterMove(customer, moved, now);
    await saveChange(trx, changed, pii, customer.version, actor, {
      history: [
        {
          action: `review_${decision}`,
          before: customer.status,
          after: changed.status,
          reasonCode: decision,
          ...(comment && { comment }),
          ...(changed.status === 'verified' && { basis: 'document_review' as const }),
        },
      ],
      topics: moved.topics,
    });
  }

  /**
   * What a reviewer's approval rests on: the accepted documents and the case, with every reviewer
   * who decided it (two in four-eyes mode). Refused when the tenant does not accept document review.
   */
  async #reviewRecord(reviewCase: ReviewCase, documents: readonly Document[], operator: Operator, now: string): Promise<VerificationRecord> {
    const tenant = await findTenantById(this.db, reviewCase.tenantId);
    if (!tenant) throw new NotFoundError('customer', 'Customer not found.');
    assertBasisAccepted('document_review', tenantVerificationPolicy(tenant, this.sandboxMode).accepted);
    const reviewers = [...new Set([...(reviewCase.pendingBy !== undefined ? [reviewCase.pendingBy] : []), operator.id])];
    return verificationRecord('document_review', { kind: 'operator', id: operator.id }, now, [
      ...documents.filter((d) => d.outcome === 'accepted').map((d) => ({ kind: 'document' as const, documentId: d.id })),
      { kind: 'review_case', caseId: reviewCase.id, reviewers },
    ]);
  }

  /** A history line for a step that does not change the status (a claim, a document's decision, the first of four eyes). */
  async #note(trx: Transaction<Database>, reviewCase: ReviewCase, actor: Actor, line: { action: string; reasonCode?: string; comment?: string }, now: string) {
    const record = await findCustomer(trx, reviewCase.tenantId, reviewCase.customerId);
    if (!record) throw new NotFoundError('customer');
    const { customer, pii } = record;
    const noted: Customer = { ...customer, updatedAt: now, version: customer.version + 1 };
    await saveChange(trx, noted, pii, customer.version, actor, {
      history: [{ ...line, before: customer.status, after: customer.status }],
      topics: [],
    });
  }

  async #saveCase(trx: Transaction<Database>, reviewCase: ReviewCase, version: number) {
    if (!(await updateReviewCase(trx, reviewCase, version))) throw new ConflictError('The case changed meanwhile.');
  }

  async #claimedBy(caseId: string, operator: Operator) {
    const loaded = await this.#load(caseId);
    this.#assertOpen(loaded.reviewCase);
    if (loaded.reviewCase.kind === 'screening') {
      throw new InvalidResourceStateError('A screening case is decided hit by hit: POST /v1/reviews/{id}/screening-hits/{hitId}/decision.');
    }
    if (liveClaimHolder(loaded.reviewCase, this.#now()) !== operator.id) {
      throw new ConflictError('Claim the case first (claims run out after 15 minutes).');
    }
    return loaded;
  }

  #assertOpen(reviewCase: ReviewCase) {
    if (reviewCase.state === 'closed') throw new InvalidResourceStateError('This case is closed.');
  }

  async #customer(tenantId: string, customerId: string) {
    const record = isUuid(customerId) ? await findCustomer(this.db, tenantId, customerId) : undefined;
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    return record;
  }

  async #load(caseId: string) {
    const found = isUuid(caseId) ? await findReviewCase(this.db, caseId) : undefined;
    if (!found) throw new NotFoundError('review case', 'Review case not found.');
    return found;
  }

  #now(): string {
    return this.clock.now().toISOString();
  }
}

/** The customer after a status move decided by a review (only the review-related fields change). */
function afterMove(customer: Customer, moved: TransitionResult, now: string): Customer {
  return {
    ...customer,
    status: moved.state.status,
    statusBeforeSuspension: moved.state.statusBeforeSuspension,
    suspensionCause: moved.state.suspensionCause,
    verification: moved.state.verification,
    updatedAt: now,
    version: customer.version + 1,
  };
}

function closedWith(reviewCase: ReviewCase, outcome: CaseDecision, now: string): ReviewCase {
  return { ...reviewCase, state: 'closed', outcome, claimedBy: undefined, claimExpiresAt: undefined, updatedAt: now, closedAt: now };
}

function checkReasons(reasons: readonly string[] | undefined): FailureReason[] {
  if (!reasons || reasons.length === 0) {
    throw new ValidationError([statedProblem('/reasons', 'Required', 'A rejection needs at least one failure reason.')]);
  }
  const unknown = reasons.filter((r) => !(r in FAILURE_REASONS));
  if (unknown.length > 0) {
    throw new ValidationError([statedProblem('/reasons', 'Invalid', `Unknown failure reason(s): ${unknown.join(', ')}. Known: ${Object.keys(FAILURE_REASONS).join(', ')}.`)]);
  }
  return reasons as FailureReason[];
}
