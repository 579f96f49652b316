import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A document's extraction as stored: its state, and what was read, still sealed. */
export interface StoredExtraction {
  readonly documentId: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly state: 'pending' | 'done' | 'unreadable';
  readonly tries: number;
  readonly sealed: string | null;
  readonly readAt: string | null;
}

export async function insertPendingExtraction(db: Db, row: { documentId: string; tenantId: string; customerId: string; createdAt: string }): Promise<void> {
  await db
    .insertInto('document_extractions')
    .values({ document_id: row.documentId, tenant_id: row.tenantId, customer_id: row.customerId, state: 'pending', tries: 0, lease_until: null, sealed: null, created_at: row.createdAt, read_at: null })
    .execute();
}

/**
 * Leases up to `limit` pending readings (none leased, or whose lease ran out: its reader was cut
 * off), oldest first, and counts the try. Another node leasing the same row meanwhile wins it.
 */
export async function claimPendingExtractions(db: Db, now: string, leaseUntil: string, limit: number): Promise<string[]> {
  const candidates = await db
    .selectFrom('document_extractions')
    .select('document_id')
    // A literal, not a parameter: the partial index (state = 'pending') then serves the query.
    .where(sql<boolean>`state = 'pending'`)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  const claimed: string[] = [];
  for (const { document_id: id } of candidates) {
    const result = await db
      .updateTable('document_extractions')
      .set((eb) => ({ lease_until: leaseUntil, tries: eb('tries', '+', 1) }))
      .where('document_id', '=', id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push(id);
  }
  return claimed;
}

export async function findExtraction(db: Db, documentId: string): Promise<StoredExtraction | undefined> {
  const row = await db.selectFrom('document_extractions').selectAll().where('document_id', '=', documentId).executeTakeFirst();
  return row && toStored(row);
}

export async function findExtractions(db: Db, documentIds: readonly string[]): Promise<StoredExtraction[]> {
  if (documentIds.length === 0) return [];
  const rows = await db.selectFrom('document_extractions').selectAll().where('document_id', 'in', documentIds).execute();
  return rows.map(toStored);
}

/** A reading's end: what was read, sealed. False when it was finished meanwhile (another reader). */
export async function finishExtraction(db: Db, documentId: string, state: 'done' | 'unreadable', sealed: string, readAt: string): Promise<boolean> {
  const result = await db
    .updateTable('document_extractions')
    .set({ state, sealed, read_at: readAt, lease_until: null })
    .where('document_id', '=', documentId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A finished extraction written again (a signal added when another customer's document turned out the same). */
export async function resealExtraction(db: Db, documentId: string, sealed: string): Promise<void> {
  await db.updateTable('document_extractions').set({ sealed }).where('document_id', '=', documentId).execute();
}

/** A reading that did not finish: its lease is given back, so it is tried again at once. */
export async function releaseExtraction(db: Db, documentId: string): Promise<void> {
  await db.updateTable('document_extractions').set({ lease_until: null }).where('document_id', '=', documentId).where('state', '=', 'pending').execute();
}

export async function insertDocumentIdentity(db: Db, row: { documentId: string; tenantId: string; customerId: string; identityHash: string; createdAt: string }): Promise<void> {
  await db
    .insertInto('document_identities')
    .values({ document_id: row.documentId, tenant_id: row.tenantId, customer_id: row.customerId, identity_hash: row.identityHash, created_at: row.createdAt })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .execute();
}

/** The documents of other customers of the tenant with this identity. */
export async function findSameIdentity(db: Db, tenantId: string, identityHash: string, customerId: string): Promise<Array<{ documentId: string; customerId: string }>> {
  const rows = await db
    .selectFrom('document_identities')
    .select(['document_id', 'customer_id'])
    .where('tenant_id', '=', tenantId)
    .where('identity_hash', '=', identityHash)
    .where('customer_id', '<>', customerId)
    .orderBy('created_at')
    .limit(20)
    .execute();
  return rows.map((row) => ({ documentId: row.document_id, customerId: row.customer_id }));
}

function toStored(row: { document_id: string; tenant_id: string; customer_id: string; state: string; tries: number; sealed: string | null; read_at: string | null }): StoredExtraction {
  return {
    documentId: row.document_id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    state: row.state === 'done' || row.state === 'unreadable' ? row.state : 'pending',
    tries: Number(row.tries),
    sealed: row.sealed,
    readAt: row.read_at,
  };
}
