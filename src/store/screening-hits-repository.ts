import type { Kysely, Selectable, Transaction } from 'kysely';
import type { HitFeatures } from '../domain/screening/entry-score.js';
import type { HitDecision, HitState, ScreeningHit } from '../domain/screening/hits.js';
import type { ListEntry, ListSource } from '../domain/screening/list-entry.js';
import type { Database, ScreeningHitsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * Hits are written only beside a change of their customer (its screening summary moves with
 * them), so the customer's version check guards them too: they need no version of their own.
 */

/** Every hit of the customer, oldest first. */
export async function listHitsOfCustomer(db: Db, customerId: string): Promise<ScreeningHit[]> {
  const rows = await db.selectFrom('screening_hits').selectAll().where('customer_id', '=', customerId).orderBy('first_seen_at').orderBy('id').execute();
  return rows.map(rowToHit);
}

export async function findHit(db: Db, id: string): Promise<ScreeningHit | undefined> {
  const row = await db.selectFrom('screening_hits').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToHit(row);
}

/** Writes a pass's new and changed hits. */
export async function saveHits(trx: Transaction<Database>, inserted: readonly ScreeningHit[], updated: readonly ScreeningHit[]): Promise<void> {
  if (inserted.length > 0) await trx.insertInto('screening_hits').values(inserted.map((hit) => ({ ...toRow(hit), version: 1 }))).execute();
  for (const hit of updated) {
    const { id, ...changes } = toRow(hit);
    await trx
      .updateTable('screening_hits')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }
}

function toRow(hit: ScreeningHit) {
  return {
    id: hit.id,
    tenant_id: hit.tenantId,
    customer_id: hit.customerId,
    source: hit.source,
    entity_id: hit.entityId,
    list_id: hit.listId,
    name: hit.name,
    score: hit.score,
    band: hit.band,
    features: JSON.stringify(hit.features),
    entry: JSON.stringify(hit.entry),
    entry_hash: hit.entryHash,
    subject_hash: hit.subjectHash,
    state: hit.state,
    decision: hit.decision ? JSON.stringify(hit.decision) : null,
    proposal: hit.proposal ? JSON.stringify(hit.proposal) : null,
    review_case_id: hit.reviewCaseId ?? null,
    first_seen_at: hit.firstSeenAt,
    last_seen_at: hit.lastSeenAt,
  };
}

function rowToHit(row: Selectable<ScreeningHitsTable>): ScreeningHit {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    source: row.source as ListSource,
    entityId: row.entity_id,
    listId: row.list_id,
    name: row.name,
    score: Number(row.score),
    band: row.band as ScreeningHit['band'],
    features: JSON.parse(row.features) as HitFeatures,
    entry: JSON.parse(row.entry) as ListEntry,
    entryHash: row.entry_hash,
    subjectHash: row.subject_hash,
    state: row.state as HitState,
    ...(row.decision !== null && { decision: JSON.parse(row.decision) as HitDecision }),
    ...(row.proposal !== null && { proposal: JSON.parse(row.proposal) as HitDecision }),
    ...(row.review_case_id !== null && { reviewCaseId: row.review_case_id }),
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
}
