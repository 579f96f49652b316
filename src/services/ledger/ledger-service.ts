import type { EngineCapabilities } from '../../store/capabilities.js';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import {
  BalanceLimitExceededError,
  type FieldProblem,
  IdempotencyKeyReusedError,
  InsufficientFundsError,
  InvalidResourceStateError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.js';
import { formatMoney, MAX_AMOUNT_NANOS, type Money, parsePositiveAmount, toMoney } from '../../domain/ledger/money.js';
import { type Balance, LEDGER_OPERATIONS, type LedgerOperationKind, move, movementsOf, type MovementResult, OPERATION_TOPICS, refusal } from '../../domain/ledger/operations.js';
import { type MaybeShared, sharedView } from '../../kit/shared.js';
import { uuidv7 } from '../../kit/ids.js';
import { findCustomer } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation } from '../../store/errors.js';
import { appendToOutbox } from '../../store/events-repository.js';
import { SEQUENCE_BASE } from '../../domain/webhooks/event-record.js';
import {
  type AccountBalance,
  accountId,
  type AccountKey,
  type EntryRecord,
  findOperationByKey,
  insertEntry,
  insertOperation,
  listAccounts,
  listAccountsOfEach,
  listEntries,
  lockAccounts,
  type OperationRecord,
  saveAccount,
} from '../../store/ledger-repository.js';
import type { Transact } from '../../store/transactions.js';
import { isUuid } from '../../kit/cursor.js';
import { statedProblem } from '../../domain/field-problems.js';

export interface BalanceView {
  readonly currency: string;
  /** Available to spend. */
  readonly balance: Money;
  /** Reserved by holds. */
  readonly balanceHold: Money;
}

export interface OperationInput {
  readonly amount?: unknown;
  readonly counterpartyId?: unknown;
  readonly reference?: unknown;
}

export interface OperationView {
  readonly id: string;
  readonly kind: LedgerOperationKind;
  readonly customerId: string;
  readonly counterpartyId?: string;
  readonly amount: Money;
  readonly reference?: string;
  readonly createdAt: string;
  /** True when this answer repeats an operation done earlier with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export interface JournalEntry {
  readonly id: string;
  readonly operationId: string;
  readonly kind: string;
  readonly currency: string;
  readonly availableChange: Money;
  readonly heldChange: Money;
  readonly balanceAfter: Money;
  readonly balanceHoldAfter: Money;
  readonly createdAt: string;
}

/** 1–255 visible ASCII characters, as for every Idempotency-Key. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Customers' balances: credit, debit, hold, release, capture and transfer. Each operation is one
 * transaction that checks the customers' capabilities, refuses to overdraw, writes the journal,
 * updates the balances and emits events, with its Idempotency-Key stored in the same
 * transaction: a retried operation answers the first one's result and never moves money twice.
 */
export class LedgerService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly engine: Pick<EngineCapabilities, 'rowLocks'>,
  ) {}

  async balances(tenantId: string, customerId: string): Promise<MaybeShared<BalanceView[]>> {
    await this.#customer(this.db, tenantId, customerId);
    return balanceViewsOf(await listAccounts(this.db, customerId));
  }

  /**
   * The balances of each of the tenant's customers named, in one read however many they are (a
   * listing's). Ids of other tenants' customers get none.
   */
  async balancesOfEach(tenantId: string, customerIds: readonly string[]): Promise<Map<string, MaybeShared<BalanceView[]>>> {
    const accounts = await listAccountsOfEach(this.db, tenantId, customerIds);
    return new Map([...accounts].map(([customerId, list]) => [customerId, balanceViewsOf(list)]));
  }

  async journal(tenantId: string, customerId: string, query: { currency?: string; before?: string; limit: number }): Promise<JournalEntry[]> {
    await this.#customer(this.db, tenantId, customerId);
    const entries = await listEntries(this.db, customerId, query);
    return entries.map(journalEntry);
  }

  async operate(tenantId: string, customerId: string, kind: LedgerOperationKind, input: OperationInput, idempotencyKey: string | undefined): Promise<OperationView> {
    const request = this.#validRequest(tenantId, customerId, kind, input, idempotencyKey);
    const earlier = await findOperationByKey(this.db, tenantId, request.idempotencyKey);
    if (earlier) return replay(earlier, request);
    try {
      await this.transact((trx) => this.#apply(trx, request));
      return view(request, false);
    } catch (error) {
      // The same key raced us and won: answer what it did.
      if (!isUniqueViolation(error)) throw error;
      const winner = await findOperationByKey(this.db, tenantId, request.idempotencyKey);
      if (!winner) throw error;
      return replay(winner, request);
    }
  }

  async #apply(trx: Transaction<Database>, op: OperationRecord): Promise<void> {
    const movements = movementsOf(op.kind);
    const customer = await this.#customer(trx, op.tenantId, op.customerId);
    const counterparty = op.counterpartyId === undefined ? undefined : await this.#customer(trx, op.tenantId, op.counterpartyId, '/counterpartyId');
    const sides: Array<{ key: AccountKey; movement: NonNullable<typeof movements.counterparty>; status: typeof customer.status; held: boolean }> = [
      { key: { customerId: op.customerId, currency: op.currency }, movement: movements.customer, status: customer.status, held: customer.screening?.held === true },
    ];
    if (counterparty && movements.counterparty) {
      sides.push({ key: { customerId: counterparty.id, currency: op.currency }, movement: movements.counterparty, status: counterparty.status, held: counterparty.screening?.held === true });
    }
    for (const side of sides) {
      const why = refusal(side.movement, side.status, side.held);
      if (why) throw new InvalidResourceStateError(side.key.customerId === op.customerId ? why : `The counterparty: ${why}`);
    }
    const balances = await lockAccounts(trx, this.engine, op.tenantId, sides.map((s) => s.key), op.createdAt);
    const results = sides.map((side) => {
      const before = balances.get(accountId(side.key)) as Balance;
      const moved = move(before, side.movement, op.amount);
      if (!moved.ok) throw refusedMovement(moved, before, op, side.key.customerId === op.customerId);
      return { side, before, after: moved.after };
    });
    await insertOperation(trx, op);
    for (const { side, before, after } of results) {
      await saveAccount(trx, side.key, after, op.createdAt);
      await insertEntry(trx, {
        id: uuidv7(),
        customerId: side.key.customerId,
        currency: op.currency,
        operationId: op.id,
        movement: side.movement,
        availableChange: after.available - before.available,
        heldChange: after.held - before.held,
        after,
        createdAt: op.createdAt,
      } satisfies EntryRecord);
      await appendToOutbox(trx, SEQUENCE_BASE.unversioned, [
        {
          id: uuidv7(),
          tenantId: op.tenantId,
          topic: OPERATION_TOPICS[op.kind],
          resourceType: 'customer',
          resourceId: side.key.customerId,
          customerId: side.key.customerId,
          createdAt: op.createdAt,
        },
      ]);
    }
  }

  #validRequest(tenantId: string, customerId: string, kind: LedgerOperationKind, input: OperationInput, idempotencyKey: string | undefined): OperationRecord {
    const problems: FieldProblem[] = [];
    if (idempotencyKey === undefined) {
      problems.push(statedProblem('/headers/idempotency-key', 'Required', 'Balance operations need an Idempotency-Key header, so a retry never moves money twice.'));
    } else if (!VALID_KEY.test(idempotencyKey)) {
      problems.push(statedProblem('/headers/idempotency-key', 'InvalidFormat', 'An Idempotency-Key is 1 to 255 visible ASCII characters.'));
    }
    if (!(LEDGER_OPERATIONS as readonly string[]).includes(kind)) problems.push(statedProblem('/kind', 'Invalid', `Unknown operation ${kind}.`));
    const amount = parsePositiveAmount(input.amount, '/amount');
    if (!amount.ok) problems.push(...amount.problems);
    if (kind === 'transfer') {
      if (input.counterpartyId === undefined) problems.push(statedProblem('/counterpartyId', 'Required', 'CounterpartyId required: the customer receiving the transfer.'));
      else if (typeof input.counterpartyId !== 'string' || !isUuid(input.counterpartyId)) problems.push(statedProblem('/counterpartyId', 'InvalidFormat', 'CounterpartyId must be a customer id.'));
      else if (input.counterpartyId === customerId) problems.push(statedProblem('/counterpartyId', 'Invalid', 'A customer cannot transfer to itself.'));
    } else if (input.counterpartyId !== undefined) {
      problems.push(statedProblem('/counterpartyId', 'NotAllowed', 'Only a transfer has a counterparty.'));
    }
    if (input.reference !== undefined && (typeof input.reference !== 'string' || input.reference.length > 255)) {
      problems.push(statedProblem('/reference', 'InvalidFormat', 'Reference must be a string of at most 255 characters.'));
    }
    if (problems.length > 0 || !amount.ok) throw new ValidationError(problems);
    return {
      id: uuidv7(),
      tenantId,
      idempotencyKey: idempotencyKey as string,
      kind,
      customerId,
      ...(kind === 'transfer' && { counterpartyId: input.counterpartyId as string }),
      currency: amount.currencyCode,
      amount: amount.nanos,
      ...(typeof input.reference === 'string' && { reference: input.reference }),
      createdAt: this.clock.now().toISOString(),
    };
  }

  async #customer(db: Parameters<typeof findCustomer>[0], tenantId: string, id: string, pointer?: string) {
    const record = isUuid(id) ? await findCustomer(db, tenantId, id) : undefined;
    if (!record) {
      if (pointer) throw new ValidationError([statedProblem(pointer, 'Invalid', 'No such customer.')]);
      throw new NotFoundError('customer', 'Customer not found.');
    }
    return record.customer;
  }
}

/** The earlier operation under the same key: the same request gets its result, another is refused. */
function replay(earlier: OperationRecord, request: OperationRecord): OperationView {
  const same =
    earlier.kind === request.kind &&
    earlier.customerId === request.customerId &&
    earlier.counterpartyId === request.counterpartyId &&
    earlier.currency === request.currency &&
    earlier.amount === request.amount &&
    earlier.reference === request.reference;
  if (!same) throw new IdempotencyKeyReusedError();
  return view(earlier, true);
}

function view(op: OperationRecord, replayed: boolean): OperationView {
  return {
    id: op.id,
    kind: op.kind,
    customerId: op.customerId,
    ...(op.counterpartyId !== undefined && { counterpartyId: op.counterpartyId }),
    amount: toMoney(op.currency, op.amount),
    ...(op.reference !== undefined && { reference: op.reference }),
    createdAt: op.createdAt,
    replayed,
  };
}

function balanceView(currency: string, balance: Balance): BalanceView {
  return { currency, balance: toMoney(currency, balance.available), balanceHold: toMoney(currency, balance.held) };
}

function journalEntry(e: EntryRecord): JournalEntry {
  return {
    id: e.id,
    operationId: e.operationId,
    kind: e.movement,
    currency: e.currency,
    availableChange: toMoney(e.currency, e.availableChange),
    heldChange: toMoney(e.currency, e.heldChange),
    balanceAfter: toMoney(e.currency, e.after.available),
    balanceHoldAfter: toMoney(e.currency, e.after.held),
    createdAt: e.createdAt,
  };
}

/** Why a movement was refused, in words: too little in the balance, or a balance that would grow too large. */
function refusedMovement(moved: Exclude<MovementResult, { ok: true }>, before: Balance, op: OperationRecord, ownSide: boolean): Error {
  if ('shortOf' in moved) {
    const what = moved.shortOf === 'available' ? 'available balance' : 'held balance';
    return new InsufficientFundsError(`The ${what} in ${op.currency} is ${money(op.currency, moved.shortOf === 'available' ? before.available : before.held)}; the operation needs ${money(op.currency, op.amount)}.`);
  }
  const whose = ownSide ? 'The' : "The counterparty's";
  const what = moved.beyondLimit === 'available' ? 'available balance' : 'held balance';
  const current = moved.beyondLimit === 'available' ? before.available : before.held;
  return new BalanceLimitExceededError(
    `${whose} ${what} in ${op.currency} is ${money(op.currency, current)}; adding ${money(op.currency, op.amount)} would take it beyond the largest balance, ${money(op.currency, MAX_AMOUNT_NANOS)}.`,
  );
}

const money = (currency: string, nanos: bigint): string => formatMoney(toMoney(currency, nanos));

/** The balances of a customer's accounts. */
const balanceViewsOf = sharedView((accounts: readonly AccountBalance[]): BalanceView[] => accounts.map((a) => balanceView(a.currency, a)));
