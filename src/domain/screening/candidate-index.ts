import { type EntryScore, type PreparedEntry, prepareEntry, prepareSubject, scorePreparedEntry, type ScreenedSubject } from './entry-score.js';
import type { ListEntry } from './list-entry.js';
import { nameTokens } from './normalize.js';

/**
 * Finds the list entries worth scoring for a name without scoring them all: every name token is
 * filed under keys made of its consonant skeleton (vowels are where spellings and
 * transliterations differ most) and that skeleton with any one letter deleted (a symmetric
 * deletion neighbourhood: one letter typed wrong, added or missing still shares a key). A name
 * finds the entries sharing a key with any of its tokens; those are then scored in full.
 */

/** Skeletons are cut to this many letters: typos late in a long name are caught by the start. */
const SKELETON_LENGTH = 6;
/** A key filed under by more than this share of the entries (and at least COMMON_KEY_MIN) is common. */
const COMMON_KEY_SHARE = 0.005;
const COMMON_KEY_MIN = 50;
/** Tokens whose skeleton is shorter say too little to find anything ("al", "bin", "abu"). */
const MIN_SKELETON = 3;

export class CandidateIndex {
  readonly #entries: PreparedEntry[] = [];
  readonly #byKey = new Map<string, number[]>();

  constructor(entries: Iterable<ListEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  get size(): number {
    return this.#entries.length;
  }

  add(entry: ListEntry): void {
    const prepared = prepareEntry(entry);
    const at = this.#entries.push(prepared) - 1;
    const keys = new Set<string>();
    for (const name of prepared.names) for (const token of name.tokens) for (const key of tokenKeys(token.text)) keys.add(key);
    for (const key of keys) {
      const filed = this.#byKey.get(key);
      if (filed) filed.push(at);
      else this.#byKey.set(key, [at]);
    }
  }

  /**
   * The entries sharing a key with the subject's name tokens. Keys filed under by very many entries
   * (a common first name: "james", "mohammed") find nothing a rarer token of the same name does not
   * find better, so they are left out while the name has a rarer key; a name of common tokens
   * only (or one token) uses them all.
   */
  candidates(subject: ScreenedSubject): ListEntry[] {
    return this.#candidates(subject).map((prepared) => prepared.entry);
  }

  #candidates(subject: ScreenedSubject): PreparedEntry[] {
    const common = Math.max(COMMON_KEY_MIN, Math.ceil(this.#entries.length * COMMON_KEY_SHARE));
    const found = new Set<number>();
    for (const name of subject.names) {
      const postings = nameTokens(name, subject.kind).flatMap((token) => tokenKeys(token).map((key) => this.#byKey.get(key) ?? []));
      const rare = postings.filter((filed) => filed.length > 0 && filed.length <= common);
      for (const filed of rare.length > 0 ? rare : postings) for (const at of filed) found.add(at);
    }
    return [...found].map((at) => this.#entries[at] as PreparedEntry);
  }

  /** Every candidate scoring at least `threshold`, best first, each with the features that made it. */
  screen(subject: ScreenedSubject, threshold: number): Array<EntryScore & { entry: ListEntry }> {
    const prepared = prepareSubject(subject);
    return this.#candidates(subject)
      .map((candidate) => ({ entry: candidate.entry, ...scorePreparedEntry(prepared, candidate) }))
      .filter((hit) => hit.score >= threshold)
      .sort((a, b) => b.score - a.score);
  }
}

/**
 * What a token's keys are made of: its consonant skeleton (first letter kept); a vowel-rich token
 * whose skeleton is too short to file ("mumizayu" → "mz") by its spelling instead; a number whole.
 */
function keyBase(token: string): string {
  if (/\d/.test(token)) return token;
  const collapse = (text: string) => text.replace(/(.)\1+/g, '$1').slice(0, SKELETON_LENGTH);
  const skeleton = collapse(token[0] + token.slice(1).replace(/[aeiouyw]/g, ''));
  return skeleton.length >= MIN_SKELETON || token.length < 5 ? skeleton : collapse(token);
}

/** The keys a token is filed under: its skeleton, and the skeleton with each one letter deleted. */
export function tokenKeys(token: string): string[] {
  const skeleton = keyBase(token);
  if (skeleton.length < MIN_SKELETON) return [];
  const keys = new Set([skeleton]);
  // Deletions only where they leave a key of MIN_SKELETON letters: shorter keys would file half the list together.
  if (skeleton.length > MIN_SKELETON) for (let i = 0; i < skeleton.length; i++) keys.add(skeleton.slice(0, i) + skeleton.slice(i + 1));
  return [...keys];
}
