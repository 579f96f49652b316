import type { DbBoolean, Timestamp } from '../column-types.js';

/** Sanctions screening: list versions, their entries, customers' hits, runs. */

export interface ScreeningListsTable {
  id: string;
  source: string;
  /** null: an official list, for every tenant; else the tenant whose own blocklist it is. */
  tenant_id: string | null;
  version: number;
  sha256: string;
  /** JSON string[]: the files imported. */
  file_names: string;
  entity_count: number;
  published_at: string | null;
  imported_at: Timestamp;
  imported_by: string;
  added: number;
  changed: number;
  removed: number;
  active: DbBoolean;
}

export interface ScreeningEntriesTable {
  list_id: string;
  entity_id: string;
  content_hash: string;
  /** JSON ListEntry. */
  entry: string;
}

export interface ScreeningHitsTable {
  id: string;
  tenant_id: string;
  customer_id: string;
  source: string;
  entity_id: string;
  list_id: string;
  name: string;
  score: number;
  band: string;
  /** JSON HitFeatures. */
  features: string;
  /** JSON ListEntry as it read when last scored. */
  entry: string;
  entry_hash: string;
  subject_hash: string;
  state: string;
  /** JSON HitDecision. */
  decision: string | null;
  proposal: string | null;
  review_case_id: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  version: number;
}

export interface ScreeningRunsTable {
  id: string;
  kind: string;
  /** JSON ListVersionRef[]. */
  lists: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  state: string;
  screened: number;
  entries: number;
  hits: number;
  alerts: number;
  error: string | null;
}
