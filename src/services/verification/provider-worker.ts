import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PiiVault } from '../../adapters/crypto/pii-vault.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import { transition } from '../../domain/customer/status-machine.js';
import { ConflictError, InvalidResourceStateError } from '../../domain/errors.js';
import { verificationRecord } from '../../domain/verification/basis.js';
import type { IdentityProvider, ProviderAnswer, ProviderRequest } from '../../domain/verification/identity-provider.js';
import { decisionForProviderResult } from '../../domain/verification/verification-policy.js';
import { findCustomerAnyTenant, findCustomerDataKey } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import type { Transact } from '../../store/transactions.js';
import {
  claimDueAttempts,
  closeAttempt,
  findPendingAttempt,
  type PendingAttempt,
  recordAnswer,
  rescheduleAttempt,
} from '../../store/verification-attempts-repository.js';
import { stateFields } from '../customers/customer-changes.js';
import { saveChange } from '../customers/customer-writes.js';

export interface ProviderWorkerOptions {
  /** The first retry after a failed call; each next one doubles, up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long a claim holds: longer than one call can take. */
  readonly leaseMs: number;
  /** How often due attempts are looked for when nothing wakes the worker. */
  readonly pollMs: number;
  /** Attempts asked about at once. */
  readonly concurrency: number;
}

const SYSTEM: Actor = { kind: 'system' };
/** Rounds an answer's write retries after losing a race to another change of the customer. */
const MAX_APPLY_ROUNDS = 5;

/**
 * Asks the identity-data provider about the attempts waiting for it, after the change that made
 * them has committed (never inside a transaction), and applies each answer to the customer.
 *
 * A call that gives no answer (timeout, 5xx, garbage, the provider down, the circuit breaker open)
 * is kept on the attempt and tried again later with backoff, for as long as it takes: an outage
 * never verifies anyone by fallback, the customer simply stays `unverified` with the requirement
 * `verification.pending`. An answer is stored before it is applied, and the attempt's id is the
 * Idempotency-Key of every call, so a restart or a second node never asks twice about one attempt
 * once it has an answer.
 */
export class ProviderVerificationWorker {
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #pass: Promise<number> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly vault: PiiVault,
    private readonly provider: IdentityProvider,
    private readonly options: ProviderWorkerOptions,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#poll();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#pass;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** An attempt was just made pending: look now rather than at the next poll. */
  nudge(): void {
    if (!this.#running) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    void this.#runPass();
  }

  /** Works every attempt due now until none is left; for tests and tools. Returns how many were worked. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const worked = await this.#runPass();
      await Promise.allSettled([...this.#inFlight]);
      if (worked === 0) return total;
      total += worked;
    }
  }

  #poll(): void {
    if (!this.#running) return;
    this.nudge();
    this.#timer = setTimeout(() => this.#poll(), this.options.pollMs);
    this.#timer.unref();
  }

  #runPass(): Promise<number> {
    if (this.#pass) return this.#pass;
    const run = async (): Promise<number> => {
      let worked = 0;
      do {
        this.#again = false;
        const free = this.options.concurrency - this.#inFlight.size;
        if (free <= 0) break;
        const now = this.clock.now();
        const ids = await claimDueAttempts(this.db, now.toISOString(), new Date(now.getTime() + this.options.leaseMs).toISOString(), free);
        for (const id of ids) {
          const work = this.#work(id).catch((error: unknown) => this.log(`Could not work verification attempt ${id}; it is tried again after its lease.`, error));
          this.#inFlight.add(work);
          void work.finally(() => this.#inFlight.delete(work));
        }
        worked += ids.length;
        await Promise.allSettled([...this.#inFlight]);
      } while (this.#again && this.#running);
      return worked;
    };
    this.#pass = run()
      .catch((error: unknown) => {
        this.log('Could not claim verification attempts; trying again at the next poll.', error);
        return 0;
      })
      .finally(() => {
        this.#pass = undefined;
      });
    return this.#pass;
  }

  async #work(id: string): Promise<void> {
    const attempt = await findPendingAttempt(this.db, id);
    if (!attempt) return;
    if (attempt.answer) return this.#apply(attempt, attempt.answer as ProviderAnswer);
    const request = await this.#request(attempt);
    if (!request) return this.#abandon(attempt, 'The customer moved on (or its personal data was erased) before the provider was asked.');
    const outcome = await this.provider.check(request);
    const now = this.clock.now();
    if (!outcome.ok) {
      // The breaker sent nothing: there is no exchange worth keeping, only a later try.
      const kept = outcome.failure === 'circuit_open' ? attempt.exchanges : [...attempt.exchanges, outcome.exchange];
      const tries = outcome.failure === 'circuit_open' ? attempt.tries : attempt.tries + 1;
      await rescheduleAttempt(this.db, id, { exchanges: kept, tries, nextTryAt: new Date(now.getTime() + this.#backoff(tries)).toISOString() });
      return;
    }
    const exchanges = [...attempt.exchanges, outcome.exchange];
    const { result, reference, reasons } = outcome.answer;
    await recordAnswer(this.db, id, { exchanges, tries: attempt.tries + 1, result, reference, reasons });
    await this.#apply(attempt, outcome.answer);
  }

  /** What is sent about the customer: its identity as it is now, the SSN as submitted. */
  async #request(attempt: PendingAttempt): Promise<ProviderRequest | undefined> {
    const record = await findCustomerAnyTenant(this.db, attempt.customerId);
    if (!record || record.customer.pendingAttemptId !== attempt.id || record.customer.type !== 'personal') return undefined;
    const wrappedKey = await findCustomerDataKey(this.db, attempt.customerId);
    if (wrappedKey === undefined) return undefined;
    const { customer, pii } = record;
    const secrets = this.vault.open(customer.id, { ciphertext: pii, wrappedKey });
    const optional = {
      dateOfBirth: secrets.dateOfBirth,
      ssn: secrets.ssn,
      address1: customer.address1,
      address2: customer.address2,
      city: customer.city,
      state: customer.state,
      postalCode: customer.postalCode,
      country: customer.country,
      phone: customer.phone,
    };
    return {
      reference: attempt.id,
      customer: {
        type: 'personal',
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
      },
    };
  }

  /** Applies the provider's answer to the customer, with its history, events and the attempt's end. */
  async #apply(attempt: PendingAttempt, answer: ProviderAnswer): Promise<void> {
    for (let round = 0; ; round++) {
      try {
        await this.transact(async (trx) => {
          const record = await findCustomerAnyTenant(trx, attempt.customerId);
          if (!record || record.customer.pendingAttemptId !== attempt.id) throw new AttemptOrphaned();
          const { customer, pii } = record;
          const now = this.clock.now().toISOString();
          const decision = decisionForProviderResult(answer.result, attempt.attempt);
          const evidence = [{ kind: 'provider_check' as const, attemptId: attempt.id, providerReference: answer.reference, result: answer.result, reasons: answer.reasons }];
          const verified = verificationRecord('identity_provider', { kind: 'system', via: 'identity_provider' }, now, evidence);
          const moved = transition(
            { ...customer, pendingAttemptId: undefined },
            { kind: 'verification', attempt: attempt.attempt, decision, ...(decision === 'verified' && { record: verified }) },
            SYSTEM,
          );
          const changed: Customer = { ...customer, ...stateFields(moved.state), pendingAttemptId: undefined, updatedAt: now, version: customer.version + 1 };
          const said = answer.reasons.map((r) => r.code).join(',');
          await saveChange(trx, changed, pii, customer.version, SYSTEM, {
            history: [
              {
                action: 'identity_provider',
                before: customer.status,
                after: changed.status,
                reasonCode: answer.result,
                comment: `Identity-data provider answered ${answer.result} (reference ${answer.reference}${said ? `; ${said}` : ''}) on attempt ${attempt.id}.`,
                ...(changed.status === 'verified' && { basis: 'identity_provider' as const }),
              },
            ],
            topics: moved.topics,
          });
          await closeAttempt(trx, attempt.id, { state: 'decided', decision: changed.status, ...(changed.status === 'verified' && { basis: 'identity_provider' }), at: now });
        });
        return;
      } catch (error) {
        if (error instanceof AttemptOrphaned || error instanceof InvalidResourceStateError) {
          return this.#abandon(attempt, error instanceof AttemptOrphaned ? 'The customer no longer waits for this attempt.' : error.message);
        }
        if (!(error instanceof ConflictError) || round >= MAX_APPLY_ROUNDS) throw error;
      }
    }
  }

  /** The customer moved on (suspended, closed, erased, a new submission): the attempt ends undecided. */
  async #abandon(attempt: PendingAttempt, why: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.transact(async (trx) => {
      const record = await findCustomerAnyTenant(trx, attempt.customerId);
      if (record && record.customer.pendingAttemptId === attempt.id) {
        const { customer, pii } = record;
        const changed: Customer = { ...customer, pendingAttemptId: undefined, updatedAt: now, version: customer.version + 1 };
        await saveChange(trx, changed, pii, customer.version, SYSTEM, {
          history: [{ action: 'verification_abandoned', before: customer.status, after: customer.status, reasonCode: 'verification.abandoned', comment: why }],
          topics: [],
        });
      }
      await closeAttempt(trx, attempt.id, { state: 'abandoned', at: now });
    });
  }

  #backoff(tries: number): number {
    const ceiling = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** Math.max(0, tries - 1));
    // Spread retries out, so attempts that failed together do not all come back at once.
    return Math.max(1, Math.round(ceiling / 2) + randomInt(0, Math.max(1, Math.round(ceiling / 2))));
  }
}

class AttemptOrphaned extends Error {}
