import type { Kysely } from 'kysely';
import { CandidateIndex } from '../../domain/screening/candidate-index.js';
import type { ListVersionRef } from '../../domain/screening/customer-screening.js';
import type { ListEntry } from '../../domain/screening/list-entry.js';
import type { ListVersion } from '../../domain/screening/list-version.js';
import type { Database } from '../../store/database.js';
import { entriesOf, listActiveVersions, type StoredEntry } from '../../store/screening-lists-repository.js';

/** Where an indexed entry came from: its list version and the digest of its content. */
export interface EntryOrigin {
  readonly listId: string;
  readonly contentHash: string;
}

/** The indexes of one generation of active lists: official ones for all, each tenant's own for it. */
export interface LoadedIndexes {
  /** The active versions' ids, sorted and joined: a new import makes a new key. */
  readonly key: string;
  readonly official: CandidateIndex;
  readonly byTenant: ReadonlyMap<string, CandidateIndex>;
  readonly versions: readonly ListVersion[];
  readonly originOf: ReadonlyMap<ListEntry, EntryOrigin>;
}

/** How long an answer to "which lists are active" is trusted before the database is asked again. */
const GENERATION_TTL_MS = 1_000;

/**
 * The in-memory indexes screening uses, built from the active list versions in the database and
 * rebuilt when they change. Every node asks the database which versions are active (at most once
 * a second, and at once after an import on this node), so an import on one node reaches the
 * others within a second; only a changed generation is loaded again.
 */
export class ListIndexes {
  #loaded: LoadedIndexes | undefined;
  #loading: Promise<LoadedIndexes> | undefined;
  #checkedAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /** The current indexes (none at all when no list was ever imported). */
  async current(): Promise<LoadedIndexes> {
    if (this.#loaded && Date.now() - this.#checkedAt < GENERATION_TTL_MS) return this.#loaded;
    this.#loading ??= this.#refresh().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** Forget what is loaded, so the next screening asks the database (after an import). */
  invalidate(): void {
    this.#checkedAt = 0;
  }

  async #refresh(): Promise<LoadedIndexes> {
    const versions = await listActiveVersions(this.db);
    const key = versions.map((v) => v.id).sort().join(',');
    this.#checkedAt = Date.now();
    if (this.#loaded?.key === key) return this.#loaded;
    const stored = await Promise.all(versions.map(async (version) => ({ version, entries: await entriesOf(this.db, version.id) })));
    this.#loaded = buildIndexes(key, stored);
    return this.#loaded;
  }
}

export function buildIndexes(key: string, lists: ReadonlyArray<{ version: ListVersion; entries: readonly StoredEntry[] }>): LoadedIndexes {
  const originOf = new Map<ListEntry, EntryOrigin>();
  const official: ListEntry[] = [];
  const byTenant = new Map<string, ListEntry[]>();
  for (const { version, entries } of lists) {
    const target = version.tenantId === undefined ? official : (byTenant.get(version.tenantId) ?? byTenant.set(version.tenantId, []).get(version.tenantId)!);
    for (const stored of entries) {
      originOf.set(stored.entry, { listId: version.id, contentHash: stored.contentHash });
      target.push(stored.entry);
    }
  }
  return {
    key,
    official: new CandidateIndex(official),
    byTenant: new Map([...byTenant].map(([tenantId, entries]) => [tenantId, new CandidateIndex(entries)])),
    versions: lists.map((list) => list.version),
    originOf,
  };
}

/** The versions that apply to a tenant: the official lists and its own. */
export function versionsFor(indexes: Pick<LoadedIndexes, 'versions'>, tenantId: string): ListVersionRef[] {
  return indexes.versions
    .filter((v) => v.tenantId === undefined || v.tenantId === tenantId)
    .map((v) => ({ listId: v.id, source: v.source, version: v.version }));
}
