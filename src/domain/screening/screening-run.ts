import type { ListVersionRef } from './customer-screening.js';

/**
 * A rescreen of every customer: against the entries an import added or changed (`import`), or
 * against whole lists, on demand (`full`) or on the schedule (`scheduled`). Kept as a record of
 * when, against which list versions, how many customers and entries, what it found.
 */
export interface ScreeningRun {
  readonly id: string;
  readonly kind: 'import' | 'full' | 'scheduled';
  /** The list versions screened against (for an import, the new version). */
  readonly lists: readonly ListVersionRef[];
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly state: 'running' | 'done' | 'failed';
  /** Customers screened. */
  readonly screened: number;
  /** List entries screened against. */
  readonly entries: number;
  /** Customers with a hit at or above the review band after the run. */
  readonly hits: number;
  /** Hits that opened (new, or again after a change): each one a reviewer's to decide. */
  readonly alerts: number;
  readonly error?: string;
}
