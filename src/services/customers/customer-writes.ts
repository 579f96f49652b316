import { uuidv7 } from '../../kit/ids.js';
import type { Transaction } from 'kysely';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { ConflictError } from '../../domain/errors.js';
import { SEQUENCE_BASE } from '../../domain/webhooks/event-record.js';
import type { Database } from '../../store/database.js';
import type { VerificationBasis } from '../../domain/verification/basis.js';
import { insertHistory, insertVerificationAttempt } from '../../store/customer-records-repository.js';
import { appendToOutbox } from '../../store/events-repository.js';
import { updateCustomer } from '../../store/customers-repository.js';
import { type ScreeningHitChanges, writeScreeningOutcome } from '../screening/screening-outcome.js';

/** One line of a customer's history, written with the change it records. */
export interface HistoryEntry {
  readonly action: string;
  readonly before?: Customer['status'];
  readonly after: Customer['status'];
  readonly reasonCode?: string;
  readonly comment?: string;
  /** The basis of the verification this line records. */
  readonly basis?: VerificationBasis;
}

export interface AttemptEntry {
  /** Given when the attempt is referred to before it is written (evidence, the provider's reference). */
  readonly id?: string;
  readonly attempt: 'initial' | 'retry';
  readonly fingerprint: string;
  readonly score: number;
  readonly decision: string;
  readonly reasons: readonly string[];
  readonly state?: 'decided' | 'pending';
  readonly basis?: VerificationBasis;
  readonly nextTryAt?: string;
  readonly decidedAt?: string;
}

/** What accompanies a change: history lines, a verification attempt, events, screening hits. */
export interface ChangeRecords {
  readonly history: readonly HistoryEntry[];
  readonly attempt?: AttemptEntry;
  /** The hits of a screening made with the change (and its screening case kept in step). */
  readonly screening?: ScreeningHitChanges;
  /** Status topics of the state machine, or others (onboarding steps). */
  readonly topics: readonly string[];
}

/** Writes the history, attempt and event rows of a change in the change's transaction. */
export async function writeRecords(trx: Transaction<Database>, customer: Customer, actor: Actor, records: ChangeRecords, now: string): Promise<void> {
  // Ordered by the customer's version, so a customer's records sort in the order they happened
  // even when two changes share a millisecond: history lines and events follow the same rule.
  const sequence = SEQUENCE_BASE.customerChange(customer.version);
  await insertHistory(
    trx,
    records.history.map((entry, index) => ({
      id: uuidv7(),
      customerId: customer.id,
      action: entry.action,
      actorKind: actor.kind,
      ...(actor.kind !== 'system' && { actorId: actor.id }),
      ...(entry.reasonCode !== undefined && { reasonCode: entry.reasonCode }),
      ...(entry.comment !== undefined && { comment: entry.comment }),
      ...(entry.before !== undefined && { statusBefore: entry.before }),
      ...(entry.basis !== undefined && { basis: entry.basis }),
      statusAfter: entry.after,
      createdAt: now,
      sequence: sequence + index,
    })),
  );
  if (records.screening) await writeScreeningOutcome(trx, customer, records.screening, now);
  if (records.attempt) {
    await insertVerificationAttempt(trx, { customerId: customer.id, createdAt: now, ...records.attempt, id: records.attempt.id ?? uuidv7() });
  }
  await appendToOutbox(
    trx,
    sequence,
    records.topics.map((topic) => ({
      id: uuidv7(),
      // The native event of a verification carries what it rests on (dialects keep their shapes).
      ...(topic === 'customer_verified' && customer.verification && { data: { verification: customer.verification } }),
      tenantId: customer.tenantId,
      topic,
      resourceType: 'customer',
      resourceId: customer.id,
      customerId: customer.id,
      createdAt: now,
    })),
  );
}

/** Saves a changed customer with its records; ConflictError if another change came first. */
export async function saveChange(
  trx: Transaction<Database>,
  changed: Customer,
  pii: string,
  expectedVersion: number,
  actor: Actor,
  records: ChangeRecords,
): Promise<void> {
  if (!(await updateCustomer(trx, changed, pii, expectedVersion))) {
    throw new ConflictError('The customer was changed by another request at the same time; retry.');
  }
  await writeRecords(trx, changed, actor, records, changed.updatedAt);
}

/** A change's records with a screening made with it: its history line, its events, its hits. */
export function withScreening(records: ChangeRecords, outcome: ({ history: readonly HistoryEntry[]; topics: readonly string[] } & ScreeningHitChanges) | undefined): ChangeRecords {
  if (!outcome) return records;
  return {
    ...records,
    history: [...records.history, ...outcome.history],
    topics: [...records.topics, ...outcome.topics],
    screening: { inserted: outcome.inserted, updated: outcome.updated, opened: outcome.opened },
  };
}
