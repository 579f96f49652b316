import type { HitFeatures } from './entry-score.js';
import type { ListEntry, ListSource } from './list-entry.js';
import type { CustomerScreening, ScreeningStatus } from './customer-screening.js';

/**
 * Hits: list entries a customer scored at or above its tenant's review band against, each kept
 * with the features that made it and the entry as it read then, so a reviewer sees why it matched
 * even after the list changed. One hit per customer and list entry; a rescreen updates it.
 *
 * A hit is `open` until a reviewer decides it (`false_positive` or `true_match`); `gone` when a
 * rescreen no longer finds it (the entry was removed or changed, or the customer's fields did)
 * before anyone decided it. A false positive is remembered against the entry's content and the
 * customer's screened fields: it stays decided while both read the same, and opens again when
 * either changes.
 */
export const HIT_DISPOSITIONS = ['false_positive', 'true_match'] as const;
export type HitDisposition = (typeof HIT_DISPOSITIONS)[number];

export type HitState = 'open' | 'decided' | 'gone';

export interface HitDecision {
  readonly disposition: HitDisposition;
  readonly by: string;
  readonly at: string;
  readonly comment: string;
}

/** A hit as a screening pass finds it, before it is reconciled with the hits kept. */
export interface FoundHit {
  readonly source: ListSource;
  /** The entry's id within its list. */
  readonly entityId: string;
  readonly listId: string;
  /** The entry's name that matched best. */
  readonly name: string;
  readonly score: number;
  readonly band: 'review' | 'hold';
  readonly features: HitFeatures;
  readonly entry: ListEntry;
  /** Digest of the entry's content when last scored. */
  readonly entryHash: string;
}

export interface ScreeningHit extends FoundHit {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  /** Digest of the customer's screened fields when last scored. */
  readonly subjectHash: string;
  readonly state: HitState;
  readonly decision?: HitDecision;
  /** Four-eyes: the first of two decisions, waiting for a second operator. */
  readonly proposal?: HitDecision;
  readonly reviewCaseId?: string;
  readonly firstSeenAt: string;
  /** When a screening last found it changed (rescored, reopened) or gone; a hit found again unchanged is not rewritten. */
  readonly lastSeenAt: string;
}

export const hitKey = (hit: { source: string; entityId: string }): string => `${hit.source}\u0000${hit.entityId}`;

/** What a screening pass changes: hits to insert, hits to update, and which of them (re)opened. */
export interface Reconciled {
  readonly inserted: readonly ScreeningHit[];
  readonly updated: readonly ScreeningHit[];
  /** Hits open now that were not open before: a reviewer must look (again). */
  readonly opened: readonly ScreeningHit[];
  /** Every hit of the customer after the pass. */
  readonly all: readonly ScreeningHit[];
}

/**
 * Reconciles a pass's hits with the customer's kept ones. `covers` says which entries the pass
 * screened against (all of them, or only a list's changed entries): a kept hit the pass covered
 * but did not find is gone, unless a reviewer decided it (a decision is history, and a confirmed
 * match stays confirmed).
 */
export function reconcileHits(
  kept: readonly ScreeningHit[],
  found: readonly FoundHit[],
  pass: { readonly subjectHash: string; readonly now: string; readonly covers: (hit: { source: string; entityId: string }) => boolean; readonly newId: () => string; readonly tenantId: string; readonly customerId: string },
): Reconciled {
  const byKey = new Map(kept.map((hit) => [hitKey(hit), hit]));
  const inserted: ScreeningHit[] = [];
  const updated = new Map<string, ScreeningHit>();
  const opened: ScreeningHit[] = [];
  const seen = new Set<string>();
  for (const hit of found) {
    const key = hitKey(hit);
    seen.add(key);
    const before = byKey.get(key);
    const scored = { listId: hit.listId, name: hit.name, score: hit.score, band: hit.band, features: hit.features, entry: hit.entry, entryHash: hit.entryHash, subjectHash: pass.subjectHash, lastSeenAt: pass.now };
    if (!before) {
      const created: ScreeningHit = { id: pass.newId(), tenantId: pass.tenantId, customerId: pass.customerId, source: hit.source, entityId: hit.entityId, ...scored, state: 'open', firstSeenAt: pass.now };
      inserted.push(created);
      opened.push(created);
      continue;
    }
    const sameContent = before.entryHash === hit.entryHash && before.subjectHash === pass.subjectHash;
    // Decided on this very content (or confirmed, which stands whatever changes): the decision holds.
    if (before.state === 'decided' && (before.decision?.disposition === 'true_match' || sameContent)) continue;
    // Open, and found again just as it was: nothing to write.
    if (before.state === 'open' && sameContent && before.score === hit.score && before.listId === hit.listId) continue;
    const reopened: ScreeningHit = { ...withoutDecision(before), ...scored, state: 'open' };
    updated.set(key, reopened);
    if (before.state !== 'open') opened.push(reopened);
  }
  for (const before of kept) {
    const key = hitKey(before);
    if (seen.has(key) || before.state !== 'open' || !pass.covers(before)) continue;
    // An open hit has no decision; a proposal on it lapses with it.
    updated.set(key, { ...withoutDecision(before), state: 'gone', lastSeenAt: pass.now });
  }
  const all = kept.map((hit) => updated.get(hitKey(hit)) ?? hit).concat(inserted);
  return { inserted, updated: [...updated.values()], opened, all };
}

/** Where the customer stands given its hits: a confirmed match outweighs everything, an open hit holds review. */
export function screeningStanding(hits: readonly ScreeningHit[]): Pick<CustomerScreening, 'status' | 'held'> {
  if (hits.some((hit) => hit.state === 'decided' && hit.decision?.disposition === 'true_match')) return { status: 'confirmed_match', held: true };
  const open = hits.filter((hit) => hit.state === 'open');
  return { status: open.length > 0 ? 'potential_match' : 'clear', held: open.some((hit) => hit.band === 'hold') };
}

/** The event a change of standing announces, if any. */
export function standingTopic(before: ScreeningStatus | undefined, after: ScreeningStatus, opened: number): ScreeningTopic | undefined {
  if (after === 'confirmed_match') return before === 'confirmed_match' ? undefined : 'customer_screening_confirmed';
  if (after === 'potential_match') return opened > 0 ? 'customer_screening_potential_match' : undefined;
  return before === 'potential_match' ? 'customer_screening_cleared' : undefined;
}

export type ScreeningTopic = 'customer_screening_potential_match' | 'customer_screening_cleared' | 'customer_screening_confirmed';

/** The hit without its decision or proposal: what reopens when the entry or the customer changed. */
export function withoutDecision(hit: ScreeningHit): ScreeningHit {
  const rest: { -readonly [K in keyof ScreeningHit]?: ScreeningHit[K] } = { ...hit };
  delete rest.decision;
  delete rest.proposal;
  return rest as ScreeningHit;
}
