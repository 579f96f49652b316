import type { EntityKind, ListEntry, ListName } from './list-entry.js';
import { type NameMatch, type PreparedToken, preparedNameScore, prepareTokens } from './name-score.js';
import { nameTokens } from './normalize.js';

/** Who is screened: a person (a personal customer, a controller, an owner) or an organization. */
export interface ScreenedSubject {
  readonly kind: 'person' | 'organization';
  /** Every name to screen: a person's full name; a business's legal and trade names. */
  readonly names: readonly string[];
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country?: string;
}

/** What made a hit, kept with it so a reviewer sees why it matched. */
export interface HitFeatures {
  readonly subjectName: string;
  readonly listName: string;
  readonly nameScore: number;
  readonly pairs: NameMatch['pairs'];
  readonly unmatchedSubject: readonly string[];
  readonly unmatchedList: readonly string[];
  readonly aliasStrength: 'strong' | 'weak';
  /** exact, same_year, close (a year apart), contradicting, or unknown (a side has none). */
  readonly dateOfBirth: 'exact' | 'same_year' | 'close' | 'contradicting' | 'unknown';
  readonly country: 'match' | 'mismatch' | 'unknown';
  readonly kind: 'match' | 'mismatch' | 'unknown';
}

export interface EntryScore {
  /** 0..1: the name score, then the qualifiers. */
  readonly score: number;
  readonly features: HitFeatures;
}

/** How much each qualifier moves the score: multipliers, and the one bonus for an exact date of birth. */
export const QUALIFIERS = {
  weakAlias: 0.9,
  dateOfBirthExactBonus: 0.05,
  dateOfBirthClose: 0.95,
  dateOfBirthContradicting: 0.8,
  countryMismatch: 0.95,
  kindMismatch: 0.8,
} as const;

/** A list entry with its names tokenised once, as an index keeps it beside the entry. */
export interface PreparedEntry {
  readonly entry: ListEntry;
  readonly kind: EntityKind;
  readonly names: ReadonlyArray<ListName & { readonly tokens: readonly PreparedToken[] }>;
}

/**
 * A subject with its names tokenised once for all the entries it is scored against, and each
 * name's matches against list names already scored (an index gives names spelled alike in
 * several entries one token array, so such a name is scored once).
 */
export interface PreparedSubject {
  readonly subject: ScreenedSubject;
  readonly names: ReadonlyArray<{ readonly full: string; readonly tokens: readonly PreparedToken[]; readonly matched: Map<readonly PreparedToken[], NameMatch> }>;
}

/** The kind a list entry's names are read as: vessels and aircraft are named like organizations. */
export function listKindOf(entry: ListEntry): EntityKind {
  return entry.kind === 'person' ? 'person' : entry.kind === 'unknown' ? 'unknown' : 'organization';
}

export function prepareEntry(entry: ListEntry): PreparedEntry {
  const kind = listKindOf(entry);
  return { entry, kind, names: entry.names.map((name) => ({ ...name, tokens: prepareTokens(nameTokens(name.full, kind)) })) };
}

export function prepareSubject(subject: ScreenedSubject): PreparedSubject {
  return { subject, names: subject.names.map((full) => ({ full, tokens: prepareTokens(nameTokens(full, subject.kind)), matched: new Map() })) };
}

/** The subject's best match among the entry's names, qualified by date of birth, country and kind. */
export function scoreEntry(subject: ScreenedSubject, entry: ListEntry): EntryScore {
  return scorePreparedEntry(prepareSubject(subject), prepareEntry(entry));
}

/** `scoreEntry` of a subject and an entry prepared beforehand. */
export function scorePreparedEntry(prepared: PreparedSubject, preparedEntry: PreparedEntry): EntryScore {
  const { subject } = prepared;
  const { entry, kind: listKind } = preparedEntry;
  let best: { match: NameMatch; subjectName: string; listName: string; strength: 'strong' | 'weak'; weighted: number } | undefined;
  for (const subjectName of prepared.names) {
    for (const name of preparedEntry.names) {
      let match = subjectName.matched.get(name.tokens);
      if (match === undefined) {
        match = preparedNameScore(subjectName.tokens, name.tokens);
        subjectName.matched.set(name.tokens, match);
      }
      const weighted = match.score * (name.strength === 'weak' ? QUALIFIERS.weakAlias : 1);
      if (!best || weighted > best.weighted) best = { match, subjectName: subjectName.full, listName: name.full, strength: name.strength, weighted };
    }
  }
  if (!best) return { score: 0, features: emptyFeatures(subject, entry) };
  const dateOfBirth = compareDates(subject.dateOfBirth, entry.datesOfBirth);
  const country = subject.country === undefined || entry.countries.length === 0 ? 'unknown' : entry.countries.includes(subject.country) ? 'match' : 'mismatch';
  const kind = listKind === 'unknown' ? 'unknown' : listKind === subject.kind ? 'match' : 'mismatch';
  let score = best.weighted;
  if (dateOfBirth === 'exact') score = Math.min(1, score + QUALIFIERS.dateOfBirthExactBonus);
  if (dateOfBirth === 'close') score *= QUALIFIERS.dateOfBirthClose;
  if (dateOfBirth === 'contradicting') score *= QUALIFIERS.dateOfBirthContradicting;
  if (country === 'mismatch') score *= QUALIFIERS.countryMismatch;
  if (kind === 'mismatch') score *= QUALIFIERS.kindMismatch;
  return {
    score,
    features: {
      subjectName: best.subjectName,
      listName: best.listName,
      nameScore: best.match.score,
      pairs: best.match.pairs,
      unmatchedSubject: best.match.unmatchedCustomer,
      unmatchedList: best.match.unmatchedList,
      aliasStrength: best.strength,
      dateOfBirth,
      country,
      kind,
    },
  };
}

function compareDates(subject: string | undefined, listed: readonly string[]): HitFeatures['dateOfBirth'] {
  if (subject === undefined || listed.length === 0) return 'unknown';
  if (listed.includes(subject)) return 'exact';
  const year = Number(subject.slice(0, 4));
  const years = listed.map((date) => Number(date.slice(0, 4)));
  if (years.includes(year)) return 'same_year';
  if (years.some((y) => Math.abs(y - year) === 1)) return 'close';
  return 'contradicting';
}

function emptyFeatures(subject: ScreenedSubject, entry: ListEntry): HitFeatures {
  return {
    subjectName: subject.names[0] ?? '',
    listName: entry.names[0]?.full ?? '',
    nameScore: 0,
    pairs: [],
    unmatchedSubject: [],
    unmatchedList: [],
    aliasStrength: 'strong',
    dateOfBirth: 'unknown',
    country: 'unknown',
    kind: 'unknown',
  };
}
