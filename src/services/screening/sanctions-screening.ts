import { keyedDigest } from '../../adapters/crypto/secrets.js';
import { QUALIFIERS, type ScreenedSubject } from '../../domain/screening/entry-score.js';
import { bandOf, type ScreeningBands } from '../../domain/screening/bands.js';
import { type ListVersionRef, type ScreenedFields, subjectDigestInput, subjectsOf } from '../../domain/screening/customer-screening.js';
import { type FoundHit, hitKey } from '../../domain/screening/hits.js';
import type { CandidateIndex } from '../../domain/screening/candidate-index.js';
import { type LoadedIndexes, type ListIndexes, searchedFor, versionsFor } from './list-indexes.js';

/** What a pass searches, where the entries it finds come from, and which kept hits it covers. */
export interface PassScope {
  readonly searched: readonly CandidateIndex[];
  readonly origins: Pick<LoadedIndexes, 'originOf'>;
  /** The list versions in force: a customer stands screened against these once the pass is done. */
  readonly versions: Pick<LoadedIndexes, 'versions'>;
  readonly covers: (hit: { source: string; entityId: string }) => boolean;
}

/** One screening of one customer: the hits found, against which list versions, of which fields. */
export interface ScreeningPass {
  readonly found: readonly FoundHit[];
  readonly lists: readonly ListVersionRef[];
  readonly subjectHash: string;
  /** Which kept hits this pass could have found again (all, or a changed list's entries only). */
  readonly covers: (hit: { source: string; entityId: string }) => boolean;
  /** List entries screened against. */
  readonly entries: number;
}

/**
 * Screens customers' screened fields against the lists in memory. Hits at or above the tenant's
 * review band are found, with the features that made them; whoever calls decides what they do
 * to the customer (screening-outcome.ts).
 */
export class SanctionsScreening {
  constructor(
    private readonly indexes: ListIndexes,
    /** Keys the digest of screened fields kept with hits (a date of birth must not be guessable from it). */
    private readonly subjectKey: Buffer,
  ) {}

  /** The active indexes; undefined when no list was ever imported (nobody can be screened). */
  async loaded(): Promise<LoadedIndexes | undefined> {
    const indexes = await this.indexes.current();
    return indexes.versions.length === 0 ? undefined : indexes;
  }

  /** The active indexes, empty ones when no list was ever imported. */
  current(): Promise<LoadedIndexes> {
    return this.indexes.current();
  }

  invalidate(): void {
    this.indexes.invalidate();
  }

  /** A customer against every list that applies to its tenant. */
  screenAll(indexes: LoadedIndexes, tenantId: string, fields: ScreenedFields, bands: ScreeningBands): ScreeningPass {
    return this.screen({ searched: searchedFor(indexes, tenantId), origins: indexes, versions: indexes, covers: () => true }, tenantId, fields, bands);
  }

  /**
   * A customer against the indexes `scope` searches (every list of its tenant, or the entries an
   * import changed), standing screened against `scope.versions` once done.
   */
  screen(scope: PassScope, tenantId: string, fields: ScreenedFields, bands: ScreeningBands): ScreeningPass {
    return {
      found: findHits(scope.searched, subjectsOf(fields), bands, scope.origins),
      lists: versionsFor(scope.versions, tenantId),
      subjectHash: this.subjectHash(fields),
      covers: scope.covers,
      entries: scope.searched.reduce((sum, index) => sum + index.size, 0),
    };
  }

  /**
   * Whether a customer could hit anything at all, judged on names alone: a date of birth adds at
   * most the bonus of an exact one, so a customer whose names score below the band by more than
   * that is clear whatever its date of birth (a rescreen then need not decrypt it).
   */
  mayHit(searched: readonly CandidateIndex[], fields: ScreenedFields, bands: ScreeningBands): boolean {
    const threshold = bands.review - QUALIFIERS.dateOfBirthExactBonus;
    return subjectsOf(fields).some((subject) => searched.some((index) => index.screen(subject, threshold).length > 0));
  }

  subjectHash(fields: ScreenedFields): string {
    return keyedDigest(this.subjectKey, subjectDigestInput(fields));
  }
}

/** The best hit per list entry over all the customer's subjects, at or above the review band. */
function findHits(searched: readonly CandidateIndex[], subjects: readonly ScreenedSubject[], bands: ScreeningBands, origins: Pick<LoadedIndexes, 'originOf'>): FoundHit[] {
  const best = new Map<string, FoundHit>();
  for (const subject of subjects) {
    for (const index of searched) {
      for (const scored of index.screen(subject, bands.review)) {
        const origin = origins.originOf.get(scored.entry);
        if (!origin) continue;
        const band = bandOf(scored.score, bands);
        if (band === 'clear') continue;
        const hit: FoundHit = {
          source: scored.entry.source,
          entityId: scored.entry.entityId,
          listId: origin.listId,
          name: scored.features.listName,
          score: Math.round(scored.score * 10_000) / 10_000,
          band,
          features: scored.features,
          entry: scored.entry,
          entryHash: origin.contentHash,
        };
        const key = hitKey(hit);
        const before = best.get(key);
        if (!before || before.score < hit.score) best.set(key, hit);
      }
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
