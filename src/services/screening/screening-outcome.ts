import type { Transaction } from 'kysely';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { transition } from '../../domain/customer/status-machine.js';
import type { CustomerScreening } from '../../domain/screening/customer-screening.js';
import { reconcileHits, type ScreeningHit, screeningStanding, standingTopic } from '../../domain/screening/hits.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import { findOpenCaseOfCustomer, openCaseIfNone, updateReviewCase } from '../../store/review-cases-repository.js';
import { saveHits } from '../../store/screening-hits-repository.js';
import { stateFields } from '../customers/customer-changes.js';
import type { HistoryEntry } from '../customers/customer-writes.js';
import type { ScreeningPass } from './sanctions-screening.js';

/** The hits a screening pass writes. */
export interface ScreeningHitChanges {
  readonly inserted: readonly ScreeningHit[];
  readonly updated: readonly ScreeningHit[];
  readonly opened: readonly ScreeningHit[];
}

/** What a screening pass does to a customer, ready to be written with the customer's change. */
export interface ScreeningOutcome extends ScreeningHitChanges {
  /** The customer with its screening and whatever the status machine made of it (a hold lifted, a suspension). */
  readonly customer: Customer;
  readonly history: readonly HistoryEntry[];
  readonly topics: readonly string[];
  /**
   * Whether the pass changed what matters (a hit opened, updated or gone, the standing moved): a
   * rescreen writes only such customers; the run's record says when the rest were screened.
   */
  readonly material: boolean;
}

const SYSTEM: Actor = { kind: 'system' };

/** Applies a pass to a customer (already carrying any other change being made). */
export function screeningOutcome(customer: Customer, kept: readonly ScreeningHit[], pass: ScreeningPass, now: string): ScreeningOutcome {
  const reconciled = reconcileHits(kept, pass.found, {
    subjectHash: pass.subjectHash,
    now,
    covers: pass.covers,
    newId: uuidv7,
    tenantId: customer.tenantId,
    customerId: customer.id,
  });
  const standing = screeningStanding(reconciled.all);
  const before = customer.screening;
  const screening: CustomerScreening = { ...standing, screenedAt: now, subjectHash: pass.subjectHash, lists: pass.lists };
  const moved = transition(customer, { kind: 'screeningChanged', screening }, SYSTEM);
  const topic = standingTopic(before?.status, standing.status, reconciled.opened.length);
  const decisive = reconciled.opened.length > 0 || before?.status !== standing.status || before?.held !== standing.held;
  const history: HistoryEntry[] = decisive
    ? [
        {
          action: 'screening',
          before: customer.status,
          after: moved.state.status,
          reasonCode: standing.status === 'confirmed_match' ? 'screening.confirmed_match' : `screening.${standing.status}`,
          comment: describe(reconciled.all.filter((hit) => hit.state === 'open'), pass),
        },
      ]
    : [];
  return {
    customer: { ...customer, ...stateFields(moved.state) },
    inserted: reconciled.inserted,
    updated: reconciled.updated,
    opened: reconciled.opened,
    history,
    topics: [...(topic ? [topic] : []), ...moved.topics],
    material: decisive || reconciled.inserted.length > 0 || reconciled.updated.some((hit) => hit.state !== 'decided'),
  };
}

function describe(open: readonly ScreeningHit[], pass: ScreeningPass): string {
  if (open.length === 0) return `no hit waits for review (${pass.entries} list entries screened)`;
  const shown = open.slice(0, 5).map((hit) => `${hit.source} ${hit.entityId} "${hit.name}" ${hit.score.toFixed(2)} (${hit.band})`);
  return `${open.length} hit(s) to review: ${shown.join('; ')}${open.length > 5 ? '; …' : ''}`;
}

/**
 * Writes a pass's hits in the customer's transaction, and keeps its screening case in step: hits
 * that opened go to the customer's screening case in progress (opened if none); a case whose hits
 * are all decided or gone closes.
 */
export async function writeScreeningOutcome(trx: Transaction<Database>, customer: Customer, outcome: ScreeningHitChanges, now: string): Promise<void> {
  // No hit changed (a clear customer, screened again): its case, if any, cannot have moved either.
  if (outcome.inserted.length === 0 && outcome.updated.length === 0) return;
  let inserted = outcome.inserted;
  let updated = outcome.updated;
  const open = await findOpenCaseOfCustomer(trx, customer.id, 'screening');
  if (outcome.opened.length > 0) {
    let caseId = open?.reviewCase.id;
    if (caseId === undefined) {
      caseId = uuidv7();
      await openCaseIfNone(trx, { id: caseId, kind: 'screening', tenantId: customer.tenantId, customerId: customer.id, state: 'open', createdAt: now, updatedAt: now });
    }
    const openedIds = new Set(outcome.opened.map((hit) => hit.id));
    const assign = (hit: ScreeningHit): ScreeningHit => (openedIds.has(hit.id) ? { ...hit, reviewCaseId: caseId } : hit);
    inserted = inserted.map(assign);
    updated = updated.map(assign);
  } else if (open && customer.screening?.status !== 'potential_match') {
    const outcomeOf = customer.screening?.status === 'confirmed_match' ? 'screening_confirmed' : 'screening_cleared';
    await updateReviewCase(trx, { ...open.reviewCase, state: 'closed', outcome: outcomeOf, claimedBy: undefined, claimExpiresAt: undefined, updatedAt: now, closedAt: now }, open.version);
  }
  await saveHits(trx, inserted, updated);
}
