import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ListEntry, ListSource } from '../domain/screening/list-entry.js';
import type { ListVersion } from '../domain/screening/list-version.js';
import { type Database, dbBoolean, type ScreeningListsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** An entry as stored: its id within the source, a digest of its content, the entry. */
export interface StoredEntry {
  readonly entityId: string;
  readonly contentHash: string;
  readonly entry: ListEntry;
}

/** Rows per insert statement: well under both engines' limits on bound parameters. */
const ENTRY_CHUNK = 400;

/** The active version of every list (official ones and every tenant's own), oldest import first. */
export async function listActiveVersions(db: Db): Promise<ListVersion[]> {
  const rows = await db.selectFrom('screening_lists').selectAll().where('active', '=', dbBoolean(true)).orderBy('imported_at').orderBy('id').execute();
  return rows.map(rowToVersion);
}

/** Every version, newest first: of the official lists, and of this tenant's own when one is named. */
export async function listVersions(db: Db, filter: { tenantId?: string; limit: number }): Promise<ListVersion[]> {
  let query = db.selectFrom('screening_lists').selectAll();
  query = filter.tenantId === undefined ? query : query.where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', filter.tenantId as string)]));
  const rows = await query.orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(rowToVersion);
}

export async function findActiveVersion(db: Db, source: ListSource, tenantId: string | undefined): Promise<ListVersion | undefined> {
  let query = db.selectFrom('screening_lists').selectAll().where('source', '=', source).where('active', '=', dbBoolean(true));
  query = tenantId === undefined ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  const row = await query.executeTakeFirst();
  return row && rowToVersion(row);
}

export async function findVersion(db: Db, id: string): Promise<ListVersion | undefined> {
  const row = await db.selectFrom('screening_lists').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToVersion(row);
}

/** The digests of a version's entries, by entity id: what an import compares against. */
export async function entryHashesOf(db: Db, listId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('screening_entries').select(['entity_id', 'content_hash']).where('list_id', '=', listId).execute();
  return new Map(rows.map((row) => [row.entity_id, row.content_hash]));
}

export async function entriesOf(db: Db, listId: string, only?: readonly string[]): Promise<StoredEntry[]> {
  let query = db.selectFrom('screening_entries').select(['entity_id', 'content_hash', 'entry']).where('list_id', '=', listId);
  if (only !== undefined) {
    if (only.length === 0) return [];
    query = query.where('entity_id', 'in', only);
  }
  const rows = await query.execute();
  return rows.map((row) => ({ entityId: row.entity_id, contentHash: row.content_hash, entry: JSON.parse(row.entry) as ListEntry }));
}

/**
 * Makes `version` the active one of its source and scope, with its entries: the version before
 * is kept as a record (its numbers, digest and diff) but its entries go, since hits keep the
 * entry as it read. Run in one transaction, so screening sees the old list or the new, never half.
 */
export async function activateVersion(trx: Transaction<Database>, version: ListVersion, entries: readonly StoredEntry[], previousId: string | undefined): Promise<void> {
  if (previousId !== undefined) {
    await trx.updateTable('screening_lists').set({ active: dbBoolean(false) }).where('id', '=', previousId).execute();
    await trx.deleteFrom('screening_entries').where('list_id', '=', previousId).execute();
  }
  await trx.insertInto('screening_lists').values(versionToRow(version)).execute();
  for (let at = 0; at < entries.length; at += ENTRY_CHUNK) {
    const chunk = entries.slice(at, at + ENTRY_CHUNK);
    await trx
      .insertInto('screening_entries')
      .values(chunk.map((stored) => ({ list_id: version.id, entity_id: stored.entityId, content_hash: stored.contentHash, entry: JSON.stringify(stored.entry) })))
      .execute();
  }
}

function versionToRow(v: ListVersion) {
  return {
    id: v.id,
    source: v.source,
    tenant_id: v.tenantId ?? null,
    version: v.version,
    sha256: v.sha256,
    file_names: JSON.stringify(v.files),
    entity_count: v.entityCount,
    published_at: v.publishedAt ?? null,
    imported_at: v.importedAt,
    imported_by: v.importedBy,
    added: v.diff.added,
    changed: v.diff.changed,
    removed: v.diff.removed,
    active: dbBoolean(v.active),
  };
}

function rowToVersion(row: Selectable<ScreeningListsTable>): ListVersion {
  return {
    id: row.id,
    source: row.source as ListSource,
    ...(row.tenant_id !== null && { tenantId: row.tenant_id }),
    version: Number(row.version),
    sha256: row.sha256,
    files: JSON.parse(row.file_names) as ListVersion['files'],
    entityCount: Number(row.entity_count),
    ...(row.published_at !== null && { publishedAt: row.published_at }),
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    diff: { added: Number(row.added), changed: Number(row.changed), removed: Number(row.removed) },
    active: Boolean(row.active),
  };
}
