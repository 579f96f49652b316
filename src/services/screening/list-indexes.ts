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
  /** One index per official list. */
  readonly official: readonly CandidateIndex[];
  readonly byTenant: ReadonlyMap<string, readonly CandidateIndex[]>;
  readonly versions: readonly ListVersion[];
  readonly originOf: OriginOf;
}

/** Where an entry came from, whichever list's index holds it. */
export interface OriginOf {
  get(entry: ListEntry): EntryOrigin | undefined;
}

/** One list version's index and where its entries came from. */
interface VersionIndex {
  readonly version: ListVersion;
  readonly index: CandidateIndex;
  readonly origins: ReadonlyMap<ListEntry, EntryOrigin>;
}

/** How long an answer to "which lists are active" is trusted before the database is asked again. */
const GENERATION_TTL_MS = 1_000;

/**
 * The in-memory indexes screening uses, built from the active list versions in the database and
 * rebuilt when they change. Every node asks the database which versions are active (at most once
 * a second, and at once after an import on this node), so an import on one node reaches the
 * others within a second. Each version has an index of its own, so an import loads and indexes
 * only the version it made; the others are kept.
 */
export class ListIndexes {
  #loaded: LoadedIndexes | undefined;
  #byVersion = new Map<string, VersionIndex>();
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
    const byVersion = new Map<string, VersionIndex>();
    for (const version of versions) byVersion.set(version.id, this.#byVersion.get(version.id) ?? indexVersion(version, await entriesOf(this.db, version.id)));
    this.#byVersion = byVersion;
    this.#loaded = gather(key, [...byVersion.values()]);
    return this.#loaded;
  }
}

/** Indexes for some list versions' entries (all of a version's, or only those an import changed). */
export function buildIndexes(key: string, lists: ReadonlyArray<{ version: ListVersion; entries: readonly StoredEntry[] }>): LoadedIndexes {
  return gather(
    key,
    lists.map((list) => indexVersion(list.version, list.entries)),
  );
}

function indexVersion(version: ListVersion, entries: readonly StoredEntry[]): VersionIndex {
  const origins = new Map<ListEntry, EntryOrigin>();
  for (const stored of entries) origins.set(stored.entry, { listId: version.id, contentHash: stored.contentHash });
  return { version, index: new CandidateIndex(entries.map((stored) => stored.entry)), origins };
}

function gather(key: string, indexes: readonly VersionIndex[]): LoadedIndexes {
  const byTenant = new Map<string, CandidateIndex[]>();
  for (const { version, index } of indexes) {
    if (version.tenantId === undefined) continue;
    byTenant.set(version.tenantId, [...(byTenant.get(version.tenantId) ?? []), index]);
  }
  return {
    key,
    official: indexes.filter((v) => v.version.tenantId === undefined).map((v) => v.index),
    byTenant,
    versions: indexes.map((v) => v.version),
    originOf: { get: (entry) => indexes.find((v) => v.origins.has(entry))?.origins.get(entry) },
  };
}

/** The indexes a tenant's customers are screened against: every official list's and its own. */
export function searchedFor(indexes: Pick<LoadedIndexes, 'official' | 'byTenant'>, tenantId: string): readonly CandidateIndex[] {
  const own = indexes.byTenant.get(tenantId);
  return own ? [...indexes.official, ...own] : indexes.official;
}

/** The versions that apply to a tenant: the official lists and its own. */
export function versionsFor(indexes: Pick<LoadedIndexes, 'versions'>, tenantId: string): ListVersionRef[] {
  return indexes.versions
    .filter((v) => v.tenantId === undefined || v.tenantId === tenantId)
    .map((v) => ({ listId: v.id, source: v.source, version: v.version }));
}
