import type { Kysely } from 'kysely';
import { sha256Hex } from '../../adapters/crypto/secrets.js';
import { type ListFile, ListFilesError, readList } from '../../adapters/sanctions-lists/read-list.js';
import type { Clock } from '../../domain/clock.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { statedProblem } from '../../domain/field-problems.js';
import type { ListEntry, ListSource } from '../../domain/screening/list-entry.js';
import type { ListVersion } from '../../domain/screening/list-version.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import { activateVersion, entryHashesOf, findActiveVersion, listVersions, type StoredEntry } from '../../store/screening-lists-repository.js';
import { findTenantById } from '../../store/tenants-repository.js';
import type { Transact } from '../../store/transactions.js';

export type { ListFile } from '../../adapters/sanctions-lists/read-list.js';

export interface ListImportRequest {
  readonly source: ListSource;
  /** For a tenant's own blocklist (source `csv`): the tenant it is for. */
  readonly tenantId?: string;
  readonly files: readonly ListFile[];
  /** `operator:<id>`, `cli`, or `schedule`. */
  readonly importedBy: string;
}

/** What an import did: the version now active, whether it was new, and which entries it changed. */
export interface ListImportResult {
  readonly version: ListVersion;
  /** The same files as the active version: nothing was imported. */
  readonly unchanged: boolean;
  /** Entities added or whose content changed, and those removed: what a rescreen must look at. */
  readonly changedEntities: ReadonlySet<string>;
  readonly removedEntities: ReadonlySet<string>;
  /** The new version's added and changed entries, for the rescreen. */
  readonly changedEntries: readonly StoredEntry[];
}

/**
 * Imports a list's files as a new version: reads them with their source's reader (a file that does
 * not read is refused whole, never half imported), digests each entry's content, compares with
 * the active version, and makes the new one active in one transaction. Importing the very files
 * of the active version again changes nothing.
 */
export class ListImports {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
  ) {}

  async import(request: ListImportRequest): Promise<ListImportResult> {
    const tenantId = await this.#scope(request);
    const files = request.files.map((file) => ({ name: file.name, sha256: sha256Hex(file.bytes), bytes: file.bytes.length }));
    const sha256 = files.length === 1 ? (files[0] as (typeof files)[number]).sha256 : sha256Hex(files.map((file) => file.sha256).join('\n'));
    const active = await findActiveVersion(this.db, request.source, tenantId);
    if (active?.sha256 === sha256) return { version: active, unchanged: true, changedEntities: new Set(), removedEntities: new Set(), changedEntries: [] };

    const read = readOrRefuse(request);
    const stored = storedEntries(read.entries);
    const before = active ? await entryHashesOf(this.db, active.id) : new Map<string, string>();
    const changedEntries = stored.filter((entry) => before.get(entry.entityId) !== entry.contentHash);
    const kept = new Set(stored.map((entry) => entry.entityId));
    const removedEntities = new Set([...before.keys()].filter((id) => !kept.has(id)));
    const version: ListVersion = {
      id: uuidv7(),
      source: request.source,
      ...(tenantId !== undefined && { tenantId }),
      version: (active?.version ?? 0) + 1,
      sha256,
      files,
      entityCount: stored.length,
      ...(read.publishedAt !== undefined && { publishedAt: read.publishedAt }),
      importedAt: this.clock.now().toISOString(),
      importedBy: request.importedBy,
      diff: { added: changedEntries.filter((entry) => !before.has(entry.entityId)).length, changed: changedEntries.filter((entry) => before.has(entry.entityId)).length, removed: removedEntities.size },
      active: true,
    };
    await this.transact((trx) => activateVersion(trx, version, stored, active?.id));
    return { version, unchanged: false, changedEntities: new Set(changedEntries.map((entry) => entry.entityId)), removedEntities, changedEntries };
  }

  /** The versions an operator sees (all), or a tenant (the official ones and its own). */
  list(filter: { tenantId?: string; limit: number }): Promise<ListVersion[]> {
    return listVersions(this.db, filter);
  }

  async #scope(request: ListImportRequest): Promise<string | undefined> {
    if (request.source !== 'csv') {
      if (request.tenantId !== undefined) throw new ValidationError([statedProblem('/tenantId', 'NotAllowed', 'Official lists apply to every tenant; only a csv blocklist belongs to one.')]);
      return undefined;
    }
    if (request.tenantId === undefined) throw new ValidationError([statedProblem('/tenantId', 'Required', "A csv blocklist is a tenant's own: name the tenant.")]);
    if (!(await findTenantById(this.db, request.tenantId))) throw new NotFoundError('tenant');
    return request.tenantId;
  }
}

function readOrRefuse(request: ListImportRequest) {
  let read;
  try {
    read = readList(request.source, request.files);
  } catch (error) {
    if (error instanceof ListFilesError) throw new ValidationError([statedProblem('/files', 'Invalid', error.message)]);
    throw error;
  }
  if (read.entries.length === 0) {
    // An empty list would clear every hit on the list at once: far likelier a wrong file than a real list.
    throw new ValidationError([statedProblem('/files', 'Invalid', 'The file holds no entries; a list is not imported empty.')]);
  }
  const seen = new Set<string>();
  for (const entry of read.entries) {
    if (seen.has(entry.entityId)) throw new ValidationError([statedProblem('/files', 'Invalid', `The list names entity ${entry.entityId} twice.`)]);
    seen.add(entry.entityId);
  }
  return read;
}

/** Each entry with a digest of its content: a change of any of it shows as a changed entry. */
function storedEntries(entries: readonly ListEntry[]): StoredEntry[] {
  return entries.map((entry) => ({ entityId: entry.entityId, contentHash: sha256Hex(JSON.stringify(entry)), entry }));
}
