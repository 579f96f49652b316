import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Who did it: a signed-in operator, the `verity` command line (run by a system account), or a
 * client not (yet) signed in, known by its address (failed sign-ins and lockouts).
 */
export type AuditActor =
  | { readonly kind: 'operator'; readonly operatorId: string }
  | { readonly kind: 'cli'; readonly systemUser: string }
  | { readonly kind: 'client'; readonly address: string };

export interface AuditEntry {
  readonly id: string;
  readonly createdAt: string;
  readonly actor: AuditActor;
  readonly action: string;
  readonly targetKind?: string;
  readonly targetId?: string;
  readonly detail?: string;
}

export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  const { actor } = entry;
  await db
    .insertInto('audit_entries')
    .values({
      id: entry.id,
      created_at: entry.createdAt,
      actor: actor.kind,
      operator_id: actor.kind === 'operator' ? actor.operatorId : null,
      actor_name: actor.kind === 'cli' ? actor.systemUser : actor.kind === 'client' ? actor.address : null,
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
    actor: actorOf(row.actor, row.operator_id, row.actor_name),
    action: row.action,
    ...(row.target_kind !== null && { targetKind: row.target_kind }),
    ...(row.target_id !== null && { targetId: row.target_id }),
    ...(row.detail !== null && { detail: row.detail }),
  }));
}

function actorOf(kind: string, operatorId: string | null, name: string | null): AuditActor {
  if (kind === 'cli') return { kind, systemUser: name ?? '' };
  if (kind === 'client') return { kind, address: name ?? '' };
  return { kind: 'operator', operatorId: operatorId ?? '' };
}
