import { randomInt } from 'node:crypto';
import { uuidv7 } from '../../kit/ids.js';
import type { Kysely } from 'kysely';
import type { PiiVault } from '../../adapters/crypto/pii-vault.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer, CustomerInput } from '../../domain/customer/customer.js';
import {
  canUpdateInfo,
  type CreateRules,
  normalizeCustomerInput,
  normalizeCustomerUpdate,
  validateCustomerInput,
  validateCustomerUpdate,
} from '../../domain/customer/customer-rules.js';
import { type StatusAction, transition } from '../../domain/customer/status-machine.js';
import type { StatusView } from '../../domain/customer/status-view.js';
import type { OnboardingStep } from '../../domain/onboarding/steps.js';
import { ConflictError, InvalidResourceStateError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Transact } from '../../store/transactions.js';
import { listHistory } from '../../store/customer-records-repository.js';
import type { HistoryRow } from '../../domain/customer/records.js';
import {
  findCustomer,
  findCustomerByEmail,
  findCustomerAnyTenant,
  findCustomerDataKey,
  findCustomerWithStatusFields,
  type CustomerKey,
  type CustomerWithStatusFields,
  insertCustomer,
  listCustomers,
  listCustomersAtOffset,
  listCustomersWithStatusAtOffset,
} from '../../store/customers-repository.js';
import { type ChangeRecords, type HistoryEntry, saveChange, withScreening, writeRecords } from './customer-writes.js';
import { type CustomerScreener, screenedFieldsChanged } from '../screening/customer-screener.js';
import { decodeTimeCursor, encodeCursor, isUuid, pageOf } from '../../kit/cursor.js';
import { identityParts } from './identity.js';
import { sameSteps, withStatusOf } from './status-views.js';
import { type MaybeShared, sharedView } from '../../kit/shared.js';
import { statedProblem } from '../../domain/field-problems.js';

export type { ActionNote, CustomerCreateOptions, CustomerPage, CustomerWithStatus, LifecycleAction, ListQuery, UpsertResult } from './customer-types.js';
import type { ActionNote, CustomerCreateOptions, CustomerPage, CustomerWithStatus, LifecycleAction, ListQuery, UpsertResult } from './customer-types.js';
import { duplicateEmail, fieldsChangedBy, isRace, stateFields, withoutCleared } from './customer-changes.js';
import type { IdentityScreening, Screening } from './identity-screening.js';

/** Rounds an upsert retries after losing a race to a concurrent change of the same customer. */
const MAX_RACE_RETRIES = 40;

/**
 * Customers and their verification lifecycle. Every change is written with its history lines,
 * verification attempt and events in one transaction.
 */
export class CustomerService {
  /**
   * The decrypted date of birth of a record read, decrypted once while the record stays cached: it
   * lives beside the cached row and goes with it at the next write (erasing a customer is one), so
   * the plaintext is held no longer than the row itself.
   */
  readonly #dateOfBirthOf = sharedView((found: { customer: Customer; pii: string; dataKey?: string }): string | undefined =>
    found.customer.hasDateOfBirth && found.dataKey !== undefined
      ? this.vault.open(found.customer.id, { ciphertext: found.pii, wrappedKey: found.dataKey }).dateOfBirth
      : undefined,
  );

  /** A customer read with its status view and date of birth. */
  readonly #withDateOfBirthOf = sharedView((found: CustomerWithStatusFields, requiredSteps: readonly OnboardingStep[]): CustomerWithStatus => {
    const dateOfBirth = this.#dateOfBirthOf(found);
    return { ...withStatusOf(found, requiredSteps), ...(dateOfBirth !== undefined && { dateOfBirth }) };
  }, sameSteps);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly vault: PiiVault,
    private readonly screening: IdentityScreening,
    /** Sanctions screening of every customer written. */
    private readonly screener: CustomerScreener,
    /** Told when an identity waits for the identity-data provider (the provider worker wakes). */
    private readonly onPending: () => void = () => {},
  ) {}

  async create(tenantId: string, raw: CustomerInput, actor: Actor, options: CustomerCreateOptions = {}): Promise<Customer> {
    const input = this.#validFullInput(raw, 'create', options);
    // No look-up first: the unique index refuses a taken email, and #insert reports it.
    const screening = await this.#screenIfIdentity(tenantId, input, 'initial');
    const customer = await this.#insert(tenantId, input, screening, actor);
    if (customer.pendingAttemptId !== undefined) this.onPending();
    return customer;
  }

  async get(tenantId: string, id: string): Promise<Customer> {
    return (await this.#load(tenantId, id)).customer;
  }

  async findByEmail(tenantId: string, email: string): Promise<Customer | undefined> {
    return (await findCustomerByEmail(this.db, tenantId, email))?.customer;
  }

  /** By the customer's number (10npay's user id); NotFoundError when this tenant has none such. */
  async getByNumber(tenantId: string, number: number): Promise<Customer> {
    const found = Number.isSafeInteger(number) ? await findCustomerWithStatusFields(this.db, tenantId, { number }) : undefined;
    if (!found) throw new NotFoundError('customer', 'Customer not found.');
    return found.customer;
  }

  /**
   * The customer and its status view, found by id, email or number in one statement: the read
   * every dialect's status call makes. `requiredSteps`: the onboarding steps the tenant requires.
   */
  async findWithStatus(
    tenantId: string,
    key: CustomerKey,
    requiredSteps: readonly OnboardingStep[] = [],
    /** Also decrypt the date of birth, for dialects whose contract returns it (Veratad). */
    options: { dateOfBirth?: boolean } = {},
  ): Promise<MaybeShared<CustomerWithStatus> | undefined> {
    if ('id' in key && !isUuid(key.id)) return undefined;
    if ('number' in key && !Number.isSafeInteger(key.number)) return undefined;
    const found = await findCustomerWithStatusFields(this.db, tenantId, key);
    if (!found) return undefined;
    return options.dateOfBirth ? this.#withDateOfBirthOf(found, requiredSteps) : withStatusOf(found, requiredSteps);
  }

  async list(tenantId: string, query: ListQuery): Promise<CustomerPage> {
    const rows = await listCustomers(this.db, tenantId, { ...query, after: decodeTimeCursor(query.after), limit: query.limit + 1 });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => encodeCursor(last.createdAt, last.id));
    return { customers: items, ...(nextCursor && { nextCursor }) };
  }

  /** A page by offset with the total, for dialects that page that way (Dwolla). */
  async listAtOffset(tenantId: string, query: Omit<ListQuery, 'after'>, offset: number): Promise<{ customers: Customer[]; total: number }> {
    return listCustomersAtOffset(this.db, tenantId, query, offset);
  }

  /**
   * A page by offset with the total, each customer with its status view: two reads for the page,
   * however many customers it holds (Delos lists this way). An `id` that is no UUID matches none.
   */
  async listWithStatusAtOffset(tenantId: string, query: Omit<ListQuery, 'after'>, offset: number, requiredSteps: readonly OnboardingStep[]): Promise<{ items: MaybeShared<CustomerWithStatus>[]; total: number }> {
    if (query.id !== undefined && !isUuid(query.id)) return { items: [], total: 0 };
    const { records, total } = await listCustomersWithStatusAtOffset(this.db, tenantId, query, offset);
    return { items: records.map((found) => withStatusOf(found, requiredSteps)), total };
  }

  /** A plain info update: which fields may change depends on type and status. */
  async update(tenantId: string, id: string, rawChanges: Record<string, unknown>, actor: Actor): Promise<Customer> {
    const { customer, pii } = await this.#load(tenantId, id);
    if (rawChanges.type === 'unverified' && customer.type === 'receive-only') {
      return this.#changeType(customer, pii, rawChanges, actor);
    }
    if (!canUpdateInfo(customer)) {
      throw new InvalidResourceStateError(`A customer in status ${customer.status} cannot be updated.`);
    }
    const changes = normalizeCustomerUpdate(rawChanges, customer.country);
    const problems = validateCustomerUpdate(customer, changes);
    if (problems.length > 0) throw new ValidationError(problems);
    if (typeof changes.email === 'string' && changes.email.toLowerCase() !== customer.email.toLowerCase()) {
      await this.#assertEmailFree(tenantId, changes.email);
    }
    // Values equal to the stored ones change nothing: no history, no event, no new version.
    const changedFields = fieldsChangedBy(customer, changes);
    if (changedFields.length === 0) return customer;
    const now = this.#now();
    const updated: Customer = { ...withoutCleared(customer, changes), updatedAt: now, version: customer.version + 1 };
    const records: ChangeRecords = { history: [{ action: 'update', before: customer.status, after: customer.status, comment: `Changed: ${changedFields.join(', ')}` }], topics: [] };
    const outcome = screenedFieldsChanged(customer, {}, updated, {}) ? await this.screener.screenSealed(updated, pii, now) : undefined;
    const changed = outcome?.customer ?? updated;
    await this.#write(customer, changed, pii, actor, withScreening(records, outcome));
    return changed;
  }

  /**
   * The full identity of a customer: an unverified customer's upgrade to personal or business, or
   * the one retry of a customer in `retry` (which needs the full 9-digit SSN).
   */
  async submitIdentity(tenantId: string, id: string, raw: CustomerInput, actor: Actor, options: CustomerCreateOptions = {}): Promise<Customer> {
    const { customer } = await this.#load(tenantId, id);
    const attempt = customer.status === 'retry' ? 'retry' : 'initial';
    // Without a type the submission is of the type the customer has (a retry keeps it anyway);
    // an unverified customer has none to submit, so it must say which.
    const typed = raw.type === undefined && (customer.type === 'personal' || customer.type === 'business') ? { ...raw, type: customer.type } : raw;
    if (typed.type === undefined) {
      throw new ValidationError([statedProblem('/type', 'Required', 'An identity submission needs type personal or business.')]);
    }
    const input = this.#validFullInput(typed, attempt === 'retry' ? 'retry' : 'create', options);
    if (input.type !== 'personal' && input.type !== 'business') {
      throw new ValidationError([statedProblem('/type', 'Invalid', 'An identity submission needs type personal or business.')]);
    }
    if (attempt === 'retry' && input.type !== customer.type) {
      throw new ValidationError([statedProblem('/type', 'ReadOnly', `A retry keeps the type ${customer.type}.`)]);
    }
    if ((input.email as string).toLowerCase() !== customer.email.toLowerCase()) await this.#assertEmailFree(tenantId, input.email as string);
    const screening = (await this.#screenIfIdentity(tenantId, input, attempt)) as Screening;
    const { fields, secrets } = identityParts(input);
    const now = this.#now();
    // Screened first: a hit that holds the customer keeps a `verified` decision from taking effect.
    const identified: Customer = { ...customer, ...fields, type: input.type };
    const outcome = await this.screener.screen(identified, secrets, now);
    const moved = transition(outcome?.customer ?? identified, screening.action, actor);
    const changed: Customer = { ...(outcome?.customer ?? identified), ...stateFields(moved.state), updatedAt: now, version: customer.version + 1 };
    const wrappedKey = await this.#wrappedKey(customer.id);
    const records: ChangeRecords = {
      history: [screening.entry(attempt === 'retry' ? 'retry' : 'upgrade', customer.status, moved.state.status)],
      attempt: screening.attempt,
      topics: moved.topics,
    };
    await this.#write(customer, changed, this.vault.reseal(customer.id, wrappedKey, secrets), actor, withScreening(records, outcome));
    if (changed.pendingAttemptId !== undefined) this.onPending();
    return changed;
  }

  /** Create-or-update by email in one call; concurrent calls for one email yield one customer. */
  async upsertByEmail(tenantId: string, raw: CustomerInput, actor: Actor, options: CustomerCreateOptions = {}): Promise<UpsertResult> {
    const input = normalizeCustomerInput(raw);
    if (typeof input.email !== 'string') {
      throw new ValidationError([statedProblem('/email', 'Required', 'Email required.')]);
    }
    for (let round = 0; round < MAX_RACE_RETRIES; round++) {
      const existing = await findCustomerByEmail(this.db, tenantId, input.email);
      try {
        if (!existing) return { result: 'created', customer: await this.create(tenantId, input, actor, options) };
        return { result: 'updated', customer: await this.#upsertExisting(existing.customer, input, actor, options) };
      } catch (error) {
        if (!isRace(error)) throw error;
        // Back off a little, at random, so concurrent writers stop colliding.
        await new Promise((resolve) => setTimeout(resolve, randomInt(1, 2 + 2 ** Math.min(round, 5))));
      }
    }
    throw new ConflictError('Too many concurrent changes to this customer; retry.');
  }

  /** A lifecycle action; `tenantId` undefined means an operator acting on any tenant's customer. */
  async act(tenantId: string | undefined, id: string, action: LifecycleAction, actor: Actor, note: ActionNote = {}): Promise<Customer> {
    const { customer, pii } = await this.#load(tenantId, id);
    // A suspension for fraud shows differently in some dialects (Delos BANNED rather than REJECT).
    const statusAction: StatusAction =
      action === 'suspend' ? { kind: 'suspend', cause: note.reasonCode === 'fraud' ? 'fraud' : 'administrative' } : { kind: action };
    const moved = transition(customer, statusAction, actor);
    const now = this.#now();
    const acted: Customer = { ...customer, ...stateFields(moved.state), updatedAt: now, version: customer.version + 1 };
    const records: ChangeRecords = { history: [{ action, before: customer.status, after: acted.status, ...note }], topics: moved.topics };
    // A customer coming back is screened again: the lists may have changed while it was away.
    const outcome = action === 'reactivate' ? await this.screener.screenSealed(acted, pii, now) : undefined;
    const changed = outcome?.customer ?? acted;
    await this.#write(customer, changed, pii, actor, withScreening(records, outcome));
    return changed;
  }

  /** `requiredSteps`: the onboarding steps the tenant requires (they show as requirements). */
  async status(tenantId: string, id: string, requiredSteps: readonly OnboardingStep[] = []): Promise<StatusView> {
    const found = await this.findWithStatus(tenantId, { id }, requiredSteps);
    if (!found) throw new NotFoundError('customer', 'Customer not found.');
    return found.status;
  }

  async history(tenantId: string, id: string): Promise<HistoryRow[]> {
    await this.get(tenantId, id);
    return listHistory(this.db, id);
  }

  // --- internals ------------------------------------------------------------------------------

  #validFullInput(raw: CustomerInput, purpose: 'create' | 'retry', rules: CreateRules = {}): CustomerInput {
    const input = normalizeCustomerInput(raw);
    const problems = validateCustomerInput(input, { today: this.#today(), purpose, rules });
    if (problems.length > 0) throw new ValidationError(problems);
    return { ...input, type: input.type ?? 'unverified' };
  }

  async #screenIfIdentity(tenantId: string, input: CustomerInput, attempt: 'initial' | 'retry'): Promise<Screening | undefined> {
    if (input.type !== 'personal' && input.type !== 'business') return undefined;
    return this.screening.screen(tenantId, { ...input, type: input.type }, attempt, this.#now());
  }

  async #insert(tenantId: string, input: CustomerInput, screening: Screening | undefined, actor: Actor): Promise<Customer> {
    const id = uuidv7();
    const now = this.#now();
    const { fields, secrets } = identityParts(input);
    const sealed = this.vault.sealNew(id, secrets);
    const fresh: Customer = { id, number: 0, tenantId, ...fields, status: 'unverified', retryUsed: false, createdAt: now, updatedAt: now, version: 1 };
    // Screened first: a hit that holds the customer keeps a `verified` decision from taking effect.
    const outcome = await this.screener.screen(fresh, secrets, now, { isNew: true });
    const created = outcome?.customer ?? fresh;
    const moved = screening && transition(created, screening.action, actor);
    const customer: Customer = moved ? { ...created, ...stateFields(moved.state) } : created;
    const history: HistoryEntry[] = [{ action: 'create', after: 'unverified' }];
    if (screening) history.push(screening.entry('verification', 'unverified', customer.status));
    const records = withScreening({ history, ...(screening && { attempt: screening.attempt }), topics: ['customer_created', ...(moved?.topics ?? [])] }, outcome);
    for (let round = 0; ; round++) {
      const numbered = { ...customer, number: randomInt(1, 2_147_483_648) };
      try {
        await this.transact(async (trx) => {
          await insertCustomer(trx, numbered, sealed.ciphertext, sealed.wrappedKey);
          await writeRecords(trx, numbered, actor, records, now);
        });
        return numbered;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const holder = await findCustomerByEmail(this.db, tenantId, customer.email);
        if (holder) throw duplicateEmail(holder.customer.id);
        if (round >= 3) throw error; // not the email, and the random number collided repeatedly: give up
      }
    }
  }

  async #upsertExisting(customer: Customer, input: CustomerInput, actor: Actor, options: CustomerCreateOptions): Promise<Customer> {
    const identityWanted = input.type === 'personal' || input.type === 'business';
    if (identityWanted && customer.type !== input.type && customer.status === 'unverified') {
      return this.submitIdentity(customer.tenantId, customer.id, input, actor, options);
    }
    const { fields } = identityParts({ ...input, type: customer.type });
    const changes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (['type', 'hasFullSsn', 'hasDateOfBirth', 'ssnLast4', 'controller'].includes(key) || value === undefined) continue;
      if (key === 'email' && typeof value === 'string' && value.toLowerCase() === customer.email.toLowerCase()) continue;
      if (customer[key as keyof Customer] !== value) changes[key] = value;
    }
    if (Object.keys(changes).length === 0) return customer;
    return this.update(customer.tenantId, customer.id, changes, actor);
  }

  async #changeType(customer: Customer, pii: string, rawChanges: Record<string, unknown>, actor: Actor): Promise<Customer> {
    if (Object.keys(rawChanges).length !== 1) {
      throw new ValidationError([statedProblem('/type', 'Invalid', 'Send type alone to upgrade a receive-only customer.')]);
    }
    const changed: Customer = { ...customer, type: 'unverified', updatedAt: this.#now(), version: customer.version + 1 };
    await this.#write(customer, changed, pii, actor, {
      history: [{ action: 'upgrade', before: customer.status, after: customer.status, comment: 'receive-only to unverified' }],
      topics: [],
    });
    return changed;
  }

  async #write(before: Customer, changed: Customer, pii: string, actor: Actor, records: ChangeRecords): Promise<void> {
    try {
      await this.transact((trx) => saveChange(trx, changed, pii, before.version, actor, records));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateEmail();
      throw error;
    }
  }

  async #load(tenantId: string | undefined, id: string) {
    const record = !isUuid(id) ? undefined : tenantId === undefined ? await findCustomerAnyTenant(this.db, id) : await findCustomer(this.db, tenantId, id);
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    return record;
  }

  async #wrappedKey(customerId: string): Promise<string> {
    const key = await findCustomerDataKey(this.db, customerId);
    if (!key) throw new InvalidResourceStateError("The customer's personal data was erased.");
    return key;
  }

  async #assertEmailFree(tenantId: string, email: string): Promise<void> {
    const existing = await findCustomerByEmail(this.db, tenantId, email);
    if (existing) throw duplicateEmail(existing.customer.id);
  }

  #now(): string {
    return this.clock.now().toISOString();
  }

  #today(): string {
    return this.#now().slice(0, 10);
  }
}
