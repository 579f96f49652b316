import type { ListSource } from './list-entry.js';

/**
 * One import of a list: what was imported (source, files and their digest, entry count, when the
 * publisher dated it) and what changed against the version before. The newest import of a source
 * (for a tenant's own blocklist: of that tenant) is the active one that screening uses.
 */
export interface ListVersion {
  readonly id: string;
  readonly source: ListSource;
  /** The tenant whose own blocklist this is; absent for an official list, which applies to all. */
  readonly tenantId?: string;
  /** 1, 2, … per source and scope. */
  readonly version: number;
  /** SHA-256 of the imported file (of each file's digest in order, when several). */
  readonly sha256: string;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[];
  readonly entityCount: number;
  /** When the publisher dated the list, if the file says. */
  readonly publishedAt?: string;
  readonly importedAt: string;
  /** `operator:<id>`, `cli`, or `schedule`. */
  readonly importedBy: string;
  readonly diff: { readonly added: number; readonly changed: number; readonly removed: number };
  readonly active: boolean;
}

/** Whole days from `since` (an ISO date or timestamp) to `now`: how old a list is. */
export function ageInDays(since: string, now: string): number {
  return Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / 86_400_000));
}
