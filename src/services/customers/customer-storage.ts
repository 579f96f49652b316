import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { PiiVault, SealedSecrets } from '../../adapters/crypto/pii-vault.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer, CustomerInput } from '../../domain/customer/customer.js';
import {
  type CreateRules,
  identityChangedFields,
  normalizeCustomerInput,
  normalizeCustomerUpdate,
  validateCustomerInput,
  validateCustomerUpdate,
} from '../../domain/customer/customer-rules.js';
import { transition } from '../../domain/customer/status-machine.js';
import { ConflictError, InvalidResourceStateError, ValidationError } from '../../domain/errors.js';
import { uuidv7 } from '../../kit/ids.js';
import { type CustomerRecord, findCustomerByEmail, findCustomerDataKey, insertCustomer } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Transact } from '../../store/transactions.js';
import type { DocumentService, ImageToStage, StagedImage } from '../documents/document-service.js';
import { DocumentsNotAwaitedError } from '../documents/document-records.js';
import { isRace, stateFields, withoutCleared } from './customer-changes.js';
import type { IdentityScreening } from './identity-screening.js';
import type { UpsertResult } from './customer-types.js';
import { type ChangeRecords, type HistoryEntry, saveChange, withScreening, writeRecords } from './customer-writes.js';
import { type CustomerScreener, screenedFieldsChanged } from '../screening/customer-screener.js';
import { identityParts } from './identity.js';
import { statedProblem } from '../../domain/field-problems.js';

const MAX_RACE_RETRIES = 40;

/** Statuses whose customer takes no more changes: its verification has ended. */
const FINAL = new Set<Customer['status']>(['suspended', 'closed']);

/** Fields an upsert never takes from the input: they follow from others, or from the type. */
const DERIVED = new Set(['type', 'hasFullSsn', 'hasDateOfBirth', 'ssnLast4', 'controller']);

/** What one call will write, worked out (and checked) before anything is written. */
type Plan =
  | { readonly kind: 'create'; readonly customer: Customer; readonly sealed: SealedSecrets; readonly records: ChangeRecords }
  | { readonly kind: 'change'; readonly before: Customer; readonly customer: Customer; readonly pii: string; readonly records: ChangeRecords }
  | { readonly kind: 'unchanged'; readonly customer: Customer };

/**
 * Storage doors (Veratad's createOrUpdateCustomer): create or update a customer by email, with
 * identity images, keeping what the client sends. Everything is checked first, then written once,
 * in one transaction: an error answer means nothing changed.
 *
 * Unlike a plain info update, a customer awaiting documents may be updated, and so may a personal
 * customer's names and date of birth. A verified customer whose name or date of birth changes to
 * someone else's is not verified any more: it goes back to `document`, its history naming the
 * fields. Suspended and closed customers take no changes.
 */
export class CustomerStorageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly vault: PiiVault,
    private readonly screening: IdentityScreening,
    private readonly documents: DocumentService,
    /** Sanctions screening of every customer written. */
    private readonly screener: CustomerScreener,
    /** Told when an identity waits for the identity-data provider (the provider worker wakes). */
    private readonly onPending: () => void = () => {},
  ) {}

  async store(tenantId: string, raw: CustomerInput, images: readonly ImageToStage[], actor: Actor, rules: CreateRules = {}): Promise<UpsertResult> {
    const input = normalizeCustomerInput(raw);
    if (typeof input.email !== 'string') throw new ValidationError([statedProblem('/email', 'Required', 'Email required.')]);
    let staged: StagedImage[] | undefined;
    let recorded = new Set<string>();
    try {
      for (let round = 0; round < MAX_RACE_RETRIES; round++) {
        const existing = await findCustomerByEmail(this.db, tenantId, input.email);
        const plan = existing ? await this.#planUpdate(existing, input, actor, rules) : await this.#planCreate(tenantId, input, actor, rules);
        const unstored = existing ? await this.documents.unstoredImages(existing.customer.id, images) : images;
        if (unstored.length > 0 && plan.customer.status !== 'document') throw new DocumentsNotAwaitedError(plan.customer);
        // Checked (and stored as blobs nothing points at) before the transaction, once.
        staged ??= await this.documents.stageImages(images);
        const stagedNow = staged;
        try {
          const customer = await this.transact(async (trx) => {
            const written = await this.#apply(trx, plan, actor);
            const documents = await this.documents.recordStaged(trx, tenantId, written.id, stagedNow);
            recorded = new Set(documents.map((d) => d.blobLocator));
            return written;
          });
          if (plan.kind !== 'unchanged' && plan.records.attempt?.state === 'pending') this.onPending();
          if (recorded.size > 0) this.documents.readQueued();
          return { result: existing ? 'updated' : 'created', customer };
        } catch (error) {
          recorded = new Set();
          // Another request changed the customer (or created it, or stored the same image) meanwhile.
          if (!isRace(error) && !isUniqueViolation(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, randomInt(1, 2 + 2 ** Math.min(round, 5))));
        }
      }
      throw new ConflictError('Too many concurrent changes to this customer; retry.');
    } finally {
      if (staged) await this.documents.discardStaged(staged.filter((s) => !recorded.has(s.locator)));
    }
  }

  async #planCreate(tenantId: string, input: CustomerInput, actor: Actor, rules: CreateRules): Promise<Plan> {
    const problems = validateCustomerInput(input, { today: this.#today(), purpose: 'create', rules });
    if (problems.length > 0) throw new ValidationError(problems);
    const full: CustomerInput = { ...input, type: input.type ?? 'unverified' };
    const id = uuidv7();
    const now = this.#now();
    const { fields, secrets } = identityParts(full);
    const fresh: Customer = { id, number: 0, tenantId, ...fields, status: 'unverified', retryUsed: false, createdAt: now, updatedAt: now, version: 1 };
    // Screened first: a hit that holds the customer keeps a `verified` decision from taking effect.
    const outcome = await this.screener.screen(fresh, secrets, now, { isNew: true });
    const created = outcome?.customer ?? fresh;
    const history: HistoryEntry[] = [{ action: 'create', after: 'unverified' }];
    if (full.type !== 'personal' && full.type !== 'business') {
      return { kind: 'create', customer: created, sealed: this.vault.sealNew(id, secrets), records: withScreening({ history, topics: ['customer_created'] }, outcome) };
    }
    const screening = await this.screening.screen(tenantId, { ...full, type: full.type }, 'initial', now);
    const moved = transition(created, screening.action, actor);
    const customer: Customer = { ...created, ...stateFields(moved.state) };
    history.push(screening.entry('verification', 'unverified', customer.status));
    const records = withScreening({ history, attempt: screening.attempt, topics: ['customer_created', ...moved.topics] }, outcome);
    return { kind: 'create', customer, sealed: this.vault.sealNew(id, secrets), records };
  }

  async #planUpdate({ customer, pii }: CustomerRecord, input: CustomerInput, actor: Actor, rules: CreateRules): Promise<Plan> {
    if (FINAL.has(customer.status)) {
      throw new InvalidResourceStateError(`The customer was ${customer.status === 'closed' ? 'closed' : 'suspended'}: its record takes no more changes.`);
    }
    const wrappedKey = await findCustomerDataKey(this.db, customer.id);
    if (wrappedKey === undefined) throw new InvalidResourceStateError("The customer's personal data was erased.");
    const identityWanted = input.type === 'personal' || input.type === 'business';
    if (identityWanted && (customer.type === 'unverified' || customer.type === 'receive-only')) return this.#planIdentity(customer, wrappedKey, input, actor, rules);

    const secrets = this.vault.open(customer.id, { ciphertext: pii, wrappedKey });
    const { fields } = identityParts({ ...input, type: customer.type });
    const wanted: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      // Absent means not given (Veratad sends what it has); the email is the key it was found by.
      if (DERIVED.has(key) || value === undefined || value === '' || key === 'email') continue;
      if (customer[key as keyof Customer] !== value) wanted[key] = value;
    }
    if (input.dateOfBirth !== undefined && input.dateOfBirth !== secrets.dateOfBirth) wanted.dateOfBirth = input.dateOfBirth;
    if (Object.keys(wanted).length === 0) return { kind: 'unchanged', customer };
    const changes = normalizeCustomerUpdate(wanted, customer.country);
    const problems = validateCustomerUpdate(customer, changes, { today: this.#today() });
    if (problems.length > 0) throw new ValidationError(problems);

    const { dateOfBirth, ...shown } = changes;
    const identityChanged = identityChangedFields({ ...customer, dateOfBirth: secrets.dateOfBirth }, changes);
    const moved = identityChanged.length > 0 ? transition(customer, { kind: 'identityChanged' }, actor) : undefined;
    const changed: Customer = {
      ...withoutCleared(customer, shown),
      ...(moved && stateFields(moved.state)),
      ...(typeof dateOfBirth === 'string' && { hasDateOfBirth: true }),
      updatedAt: this.#now(),
      version: customer.version + 1,
    };
    const newSecrets = typeof dateOfBirth === 'string' ? { ...secrets, dateOfBirth } : secrets;
    const sealed = typeof dateOfBirth === 'string' ? this.vault.reseal(customer.id, wrappedKey, newSecrets) : pii;
    const entry: HistoryEntry = { action: 'update', before: customer.status, after: changed.status, comment: `Changed: ${Object.keys(changes).join(', ')}` };
    const records = { history: [withIdentityNote(entry, identityChanged, customer, changed)], topics: moved?.topics ?? [] };
    const outcome = screenedFieldsChanged(customer, secrets, changed, newSecrets) ? await this.screener.screen(changed, newSecrets, changed.updatedAt) : undefined;
    return { kind: 'change', before: customer, customer: outcome?.customer ?? changed, pii: sealed, records: withScreening(records, outcome) };
  }

  /** An unverified customer given its identity: upgraded and verified, as submitIdentity does. */
  async #planIdentity(customer: Customer, wrappedKey: string, raw: CustomerInput, actor: Actor, rules: CreateRules): Promise<Plan> {
    const problems = validateCustomerInput(raw, { today: this.#today(), purpose: 'create', rules });
    if (problems.length > 0) throw new ValidationError(problems);
    const input = raw as CustomerInput & { type: 'personal' | 'business' };
    const now = this.#now();
    const screening = await this.screening.screen(customer.tenantId, input, 'initial', now);
    const { fields, secrets } = identityParts({ ...input, email: customer.email });
    // Screened first: a hit that holds the customer keeps a `verified` decision from taking effect.
    const identified: Customer = { ...customer, ...fields, type: input.type };
    const outcome = await this.screener.screen(identified, secrets, now);
    const moved = transition(outcome?.customer ?? identified, screening.action, actor);
    const changed: Customer = { ...(outcome?.customer ?? identified), ...stateFields(moved.state), updatedAt: now, version: customer.version + 1 };
    const records: ChangeRecords = {
      history: [screening.entry('upgrade', customer.status, moved.state.status)],
      attempt: screening.attempt,
      topics: moved.topics,
    };
    return {
      kind: 'change',
      before: customer,
      customer: changed,
      pii: this.vault.reseal(customer.id, wrappedKey, secrets),
      records: withScreening(records, outcome),
    };
  }

  /** Writes the plan in the caller's transaction; a lost race throws for the caller to plan again. */
  async #apply(trx: Transaction<Database>, plan: Plan, actor: Actor): Promise<Customer> {
    switch (plan.kind) {
      case 'unchanged':
        return plan.customer;
      case 'change':
        await saveChange(trx, plan.customer, plan.pii, plan.before.version, actor, plan.records);
        return plan.customer;
      case 'create': {
        // A random number that is taken already fails the insert like a race: the next round draws another.
        const customer = { ...plan.customer, number: randomInt(1, 2_147_483_648) };
        await insertCustomer(trx, customer, plan.sealed.ciphertext, plan.sealed.wrappedKey);
        await writeRecords(trx, customer, actor, plan.records, customer.createdAt);
        return customer;
      }
    }
  }

  #now(): string {
    return this.clock.now().toISOString();
  }

  #today(): string {
    return this.#now().slice(0, 10);
  }
}

/** The history line of a change of identity fields: which changed, and what that did to the status. */
function withIdentityNote(entry: HistoryEntry, fields: readonly string[], before: Customer, after: Customer): HistoryEntry {
  if (fields.length === 0) return entry;
  const what = `${entry.comment}. Identity changed (${fields.join(', ')})`;
  if (after.status !== before.status) {
    return { ...entry, reasonCode: 'identity_changed', comment: `${what}: the verification was of the earlier identity, so identity documents are needed again.` };
  }
  if (before.status === 'deactivated' && before.statusBeforeDeactivation === 'verified') {
    return { ...entry, reasonCode: 'identity_changed', comment: `${what}: on reactivation identity documents are needed again.` };
  }
  return { ...entry, reasonCode: 'identity_changed', comment: `${what}: not verified yet, so whatever verifies it judges the new identity.` };
}
