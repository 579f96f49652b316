import type { EngineCapabilities } from './capabilities.js';
import type { Kysely, Transaction } from 'kysely';
import type { Balance, LedgerOperationKind, Movement } from '../domain/ledger/operations.js';
import type { Database } from './database.js';
import { type MaybeShared, sharedView } from '../kit/shared.js';
import { reusableQuery } from './reusable-query.js';

type Db = Kysely<Database> | Transaction<Database>;

// Amounts are stored as decimal text of whole nanos and computed with BigInt (see the migration).

export interface AccountBalance extends Balance {
  readonly currency: string;
}

const selectAccounts = reusableQuery(
  (db, customerId: string) =>
    db.selectFrom('ledger_accounts').select(['currency', 'available', 'held']).where('customer_id', '=', customerId).orderBy('created_at').orderBy('currency'),
  [''] as const,
  { cached: true },
);

/** The customer's accounts in the order they were opened: the first is its default currency. */
export async function listAccounts(db: Db, customerId: string): Promise<MaybeShared<readonly AccountBalance[]>> {
  return accountsOf(await selectAccounts(db, customerId));
}

/**
 * The accounts of each of the tenant's customers named, in one statement: a listing's balances.
 * Each list is in the order `listAccounts` gives; a customer without accounts has an empty one.
 */
export async function listAccountsOfEach(db: Db, tenantId: string, customerIds: readonly string[]): Promise<Map<string, AccountBalance[]>> {
  const accounts = new Map<string, AccountBalance[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return accounts;
  const rows = await db
    .selectFrom('ledger_accounts')
    .select(['customer_id', 'currency', 'available', 'held'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('customer_id')
    .orderBy('created_at')
    .orderBy('currency')
    .execute();
  for (const r of rows) accounts.get(r.customer_id)?.push({ currency: r.currency, available: BigInt(r.available), held: BigInt(r.held) });
  return accounts;
}

const accountsOf = sharedView((rows: ReadonlyArray<{ currency: string; available: unknown; held: unknown }>): readonly AccountBalance[] =>
  rows.map((r) => ({ currency: r.currency, available: BigInt(r.available as string), held: BigInt(r.held as string) })),
);

export interface AccountKey {
  readonly customerId: string;
  readonly currency: string;
}

/**
 * Makes sure the accounts exist, then reads them for update: on PostgreSQL locked in a fixed
 * order where the engine locks rows (so two transfers in opposite directions cannot deadlock);
 * SQLite has one writer anyway,
 * and the insert first takes its write lock.
 */
export async function lockAccounts(trx: Db, { rowLocks }: Pick<EngineCapabilities, 'rowLocks'>, tenantId: string, keys: readonly AccountKey[], now: string): Promise<Map<string, Balance>> {
  const sorted = [...keys].sort((a, b) => (a.customerId + a.currency < b.customerId + b.currency ? -1 : 1));
  for (const key of sorted) {
    await trx
      .insertInto('ledger_accounts')
      .values({ customer_id: key.customerId, currency: key.currency, tenant_id: tenantId, available: '0', held: '0', version: 0, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['customer_id', 'currency']).doNothing())
      .execute();
  }
  const balances = new Map<string, Balance>();
  for (const key of sorted) {
    let query = trx.selectFrom('ledger_accounts').select(['available', 'held']).where('customer_id', '=', key.customerId).where('currency', '=', key.currency);
    if (rowLocks) query = query.forUpdate();
    const row = await query.executeTakeFirstOrThrow();
    balances.set(accountId(key), { available: BigInt(row.available), held: BigInt(row.held) });
  }
  return balances;
}

export const accountId = (key: AccountKey): string => `${key.customerId}:${key.currency}`;

export async function saveAccount(trx: Db, key: AccountKey, balance: Balance, now: string): Promise<void> {
  await trx
    .updateTable('ledger_accounts')
    .set((eb) => ({ available: balance.available.toString(), held: balance.held.toString(), version: eb('version', '+', 1), updated_at: now }))
    .where('customer_id', '=', key.customerId)
    .where('currency', '=', key.currency)
    .execute();
}

export interface OperationRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly idempotencyKey: string;
  readonly kind: LedgerOperationKind;
  readonly customerId: string;
  readonly counterpartyId?: string;
  readonly currency: string;
  readonly amount: bigint;
  readonly reference?: string;
  readonly createdAt: string;
}

export async function insertOperation(trx: Db, op: OperationRecord): Promise<void> {
  await trx
    .insertInto('ledger_operations')
    .values({
      id: op.id,
      tenant_id: op.tenantId,
      idempotency_key: op.idempotencyKey,
      kind: op.kind,
      customer_id: op.customerId,
      counterparty_id: op.counterpartyId ?? null,
      currency: op.currency,
      amount: op.amount.toString(),
      reference: op.reference ?? null,
      created_at: op.createdAt,
    })
    .execute();
}

export async function findOperationByKey(db: Db, tenantId: string, idempotencyKey: string): Promise<OperationRecord | undefined> {
  const row = await db.selectFrom('ledger_operations').selectAll().where('tenant_id', '=', tenantId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return (
    row && {
      id: row.id,
      tenantId: row.tenant_id,
      idempotencyKey: row.idempotency_key,
      kind: row.kind as LedgerOperationKind,
      customerId: row.customer_id,
      ...(row.counterparty_id !== null && { counterpartyId: row.counterparty_id }),
      currency: row.currency,
      amount: BigInt(row.amount),
      ...(row.reference !== null && { reference: row.reference }),
      createdAt: row.created_at,
    }
  );
}

export interface EntryRecord {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly operationId: string;
  readonly movement: Movement;
  readonly availableChange: bigint;
  readonly heldChange: bigint;
  readonly after: Balance;
  readonly createdAt: string;
}

export async function insertEntry(trx: Db, e: EntryRecord): Promise<void> {
  await trx
    .insertInto('ledger_entries')
    .values({
      id: e.id,
      customer_id: e.customerId,
      currency: e.currency,
      operation_id: e.operationId,
      kind: e.movement,
      available_change: e.availableChange.toString(),
      held_change: e.heldChange.toString(),
      available_after: e.after.available.toString(),
      held_after: e.after.held.toString(),
      created_at: e.createdAt,
    })
    .execute();
}

/** A customer's journal, newest first (ids are time-ordered). */
export async function listEntries(db: Db, customerId: string, filter: { currency?: string; before?: string; limit: number }): Promise<EntryRecord[]> {
  let query = db.selectFrom('ledger_entries').selectAll().where('customer_id', '=', customerId);
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    currency: r.currency,
    operationId: r.operation_id,
    movement: r.kind as Movement,
    availableChange: BigInt(r.available_change),
    heldChange: BigInt(r.held_change),
    after: { available: BigInt(r.available_after), held: BigInt(r.held_after) },
    createdAt: r.created_at,
  }));
}
