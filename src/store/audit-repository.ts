import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  readonly id: string;
  readonly createdAt: string;
  readonly operatorId: string;
  readonly action: string;
  readonly targetKind?: string;
  readonly targetId?: string;
  readonly detail?: string;
}

export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_entries')
    .values({
      id: entry.id,
      created_at: entry.createdAt,
      operator_id: entry.operatorId,
      action: entry.action,
      target_kind: entry.targetKind ?? null,
      target_id: entry.targetId ?? null,
      detail: entry.detail ?? null,
    })
    .execute();
}

/** Newest first; `before` (an entry id, time-ordered) pages back. */
export async function listAuditEntries(db: Db, query: { limit: number; before?: string; operatorId?: string }): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_entries').selectAll();
  if (query.before) select = select.where('id', '<', query.before);
  if (query.operatorId) select = select.where('operator_id', '=', query.operatorId);
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    operatorId: row.operator_id,
    action: row.action,
    ...(row.target_kind !== null && { targetKind: row.target_kind }),
    ...(row.target_id !== null && { targetId: row.target_id }),
    ...(row.detail !== null && { detail: row.detail }),
  }));
}
