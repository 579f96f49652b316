import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { Actor } from '../../domain/customer/customer.js';
import { transition } from '../../domain/customer/status-machine.js';
import { ConflictError, ForbiddenError, InvalidResourceStateError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { statedProblem } from '../../domain/field-problems.js';
import type { Operator } from '../../domain/operator.js';
import { mayWork, type ReviewCase } from '../../domain/review/review-case.js';
import type { CustomerScreening } from '../../domain/screening/customer-screening.js';
import { type HitDecision, type HitDisposition, HIT_DISPOSITIONS, type ScreeningHit, screeningStanding, standingTopic, withoutDecision } from '../../domain/screening/hits.js';
import { isUuid } from '../../kit/cursor.js';
import { findCustomer } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import { findReviewCase } from '../../store/review-cases-repository.js';
import { findHit, listHitsOfCustomer, saveHits } from '../../store/screening-hits-repository.js';
import type { Transact } from '../../store/transactions.js';
import { stateFields } from '../customers/customer-changes.js';
import { saveChange } from '../customers/customer-writes.js';

const COMMENT_MAX = 1000;

/** A screening case as a reviewer works it: the case, its customer's hits. */
export interface ScreeningCaseView {
  readonly reviewCase: ReviewCase;
  readonly hits: readonly ScreeningHit[];
}

/**
 * Decisions on screening hits. A reviewer who may work the case (unclaimed, or claimed by them)
 * decides each hit a false positive or a true match, with a comment saying why. In four-eyes
 * mode a decision is first proposed, and holds only when a second, different operator makes the
 * same one. When the last open hit is decided, the customer's screening moves: cleared (a hold
 * lifts, and a verification held for it takes effect) or confirmed (the customer is suspended).
 */
export class ScreeningDecisions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly fourEyes: boolean,
  ) {}

  async view(caseId: string): Promise<ScreeningCaseView> {
    const reviewCase = await this.#case(caseId);
    const hits = await listHitsOfCustomer(this.db, reviewCase.customerId);
    return { reviewCase, hits: hits.filter((hit) => hit.state !== 'gone') };
  }

  async decide(caseId: string, hitId: string, operator: Operator, disposition: HitDisposition, comment: string): Promise<ScreeningHit> {
    if (!HIT_DISPOSITIONS.includes(disposition)) throw new ValidationError([statedProblem('/disposition', 'Invalid', 'disposition is false_positive or true_match.')]);
    const said = comment.trim();
    if (said === '' || said.length > COMMENT_MAX) throw new ValidationError([statedProblem('/comment', 'Required', `Say why, in 1 to ${COMMENT_MAX} characters: the decision is the record an auditor reads.`)]);
    const reviewCase = await this.#case(caseId);
    if (reviewCase.state === 'closed') throw new InvalidResourceStateError('This case is closed.');
    const now = this.clock.now().toISOString();
    if (!mayWork(reviewCase, operator.id, now)) throw new ConflictError('Another reviewer holds this case; try again when their claim runs out.');
    const hit = isUuid(hitId) ? await findHit(this.db, hitId) : undefined;
    if (!hit || hit.customerId !== reviewCase.customerId || hit.state === 'gone') throw new NotFoundError('screening hit', 'Screening hit not found in this case.');
    if (hit.state !== 'open') throw new InvalidResourceStateError('This hit was decided already.');
    const decision: HitDecision = { disposition, by: operator.id, at: now, comment: said };
    const actor: Actor = { kind: 'operator', id: operator.id, role: operator.role };
    if (this.fourEyes && (hit.proposal === undefined || hit.proposal.disposition !== disposition)) return this.#propose(reviewCase, hit, decision, actor);
    if (this.fourEyes && hit.proposal?.by === operator.id) throw new ForbiddenError('Four-eyes mode: a second, different operator must confirm this decision.');
    return this.#finalize(reviewCase, hit, decision, actor, now);
  }

  async #propose(reviewCase: ReviewCase, hit: ScreeningHit, proposal: HitDecision, actor: Actor): Promise<ScreeningHit> {
    const proposed: ScreeningHit = { ...hit, proposal };
    await this.transact(async (trx) => {
      const record = await findCustomer(trx, reviewCase.tenantId, reviewCase.customerId);
      if (!record) throw new NotFoundError('customer');
      const { customer, pii } = record;
      await saveChange(trx, { ...customer, updatedAt: proposal.at, version: customer.version + 1 }, pii, customer.version, actor, {
        history: [{ action: 'screening_hit_proposed', before: customer.status, after: customer.status, reasonCode: proposal.disposition, comment: `${hit.source} ${hit.entityId}: ${proposal.comment}` }],
        topics: [],
      });
      await saveHits(trx, [], [proposed]);
    });
    return proposed;
  }

  async #finalize(reviewCase: ReviewCase, hit: ScreeningHit, decision: HitDecision, actor: Actor, now: string): Promise<ScreeningHit> {
    const decided: ScreeningHit = { ...withoutDecision(hit), state: 'decided', decision };
    await this.transact(async (trx) => {
      const record = await findCustomer(trx, reviewCase.tenantId, reviewCase.customerId);
      if (!record) throw new NotFoundError('customer');
      const { customer, pii } = record;
      const hits = (await listHitsOfCustomer(trx, customer.id)).map((kept) => (kept.id === hit.id ? decided : kept));
      const standing = screeningStanding(hits);
      const screening: CustomerScreening = { ...(customer.screening as CustomerScreening), ...standing };
      const moved = transition(customer, { kind: 'screeningChanged', screening }, actor);
      const topic = standingTopic(customer.screening?.status, standing.status, 0);
      const changed = { ...customer, ...stateFields(moved.state), updatedAt: now, version: customer.version + 1 };
      await saveChange(trx, changed, pii, customer.version, actor, {
        history: [
          {
            action: 'screening_hit_decided',
            before: customer.status,
            after: changed.status,
            reasonCode: standing.status === 'confirmed_match' && decision.disposition === 'true_match' ? 'screening.confirmed_match' : decision.disposition,
            comment: `${hit.source} ${hit.entityId} "${hit.name}": ${decision.comment}`,
          },
        ],
        topics: [...(topic ? [topic] : []), ...moved.topics],
        screening: { inserted: [], updated: [decided], opened: [] },
      });
    });
    return decided;
  }

  async #case(caseId: string): Promise<ReviewCase> {
    const found = isUuid(caseId) ? await findReviewCase(this.db, caseId) : undefined;
    if (!found || found.reviewCase.kind !== 'screening') throw new NotFoundError('review case', 'Screening case not found.');
    return found.reviewCase;
  }
}
