import { type EntryScore, type PreparedEntry, prepareEntry, prepareSubject, type PreparedSubject, scorePreparedEntry, type ScreenedSubject } from './entry-score.js';
import type { ListEntry } from './list-entry.js';
import { type PreparedToken, UNMATCHED_LIST_TOKEN_WEIGHT } from './name-score.js';
import { Shortlist } from './shortlist.js';

/**
 * Finds the list entries worth scoring for a name without scoring them all: every name token is
 * filed under keys made of its consonant skeleton (vowels are where spellings and
 * transliterations differ most) and that skeleton with any one letter deleted (a symmetric
 * deletion neighbourhood: one letter typed wrong, added or missing still shares a key). A
 * subject's tokens reach, through their keys, the list names they could match; each such name
 * gets a cheap estimate of its name score, and only the best few dozen are scored in full.
 */

/** Skeletons are cut to this many letters: typos late in a long name are caught by the start. */
const SKELETON_LENGTH = 6;
/** Tokens whose skeleton is shorter say too little to find anything ("al", "bin", "abu"). */
const MIN_SKELETON = 3;
/** What reaching a list name through any one key counts for, as a share of the subject token. */
const REACH_SHARE = 0.5;
/** A key filed under more than this share of the list's names (and at least COMMON_KEY_MIN) is not followed. */
const COMMON_KEY_SHARE = 0.05;
const COMMON_KEY_MIN = 1000;
/** A token whose own key is filed under more than this share of the names (at least COMMON_TOKEN_MIN) is common. */
const COMMON_TOKEN_SHARE = 0.002;
const COMMON_TOKEN_MIN = 50;
/** How many list names (per subject name) are scored in full, best estimates first. */
export const DEFAULT_SHORTLIST = 40;
/**
 * List names estimated below this are not scored at all. The estimate runs above the name score
 * when the reached tokens are spelled differently; measured on the screening bench's planted
 * near-duplicates, 0.5 loses 0.3 % of those scoring ≥ 0.8 and scores a fifth of the candidates.
 */
export const DEFAULT_MIN_ESTIMATE = 0.5;

export interface CandidateIndexOptions {
  /** List names scored in full per subject name; more finds more of the far-fetched matches, slower. */
  readonly shortlist?: number;
  /** List names whose estimate is below this are not scored at all. */
  readonly minEstimate?: number;
}

export class CandidateIndex {
  readonly #entries: PreparedEntry[] = [];
  /**
   * List names by their tokens: entries spelled alike share one id (lists repeat common names), so
   * a name is filed once and the shortlist holds distinct names, each bringing all its entries.
   */
  readonly #nameIds = new Map<string, number>();
  readonly #nameEntries: number[][] = [];
  readonly #nameTokens = new Map<string, readonly PreparedToken[]>();
  /** Per name id: its tokens' total length. */
  readonly #nameWeight: number[] = [];
  readonly #byKey = new Map<string, number[]>();
  readonly #shortlistSize: number;
  readonly #minEstimate: number;
  // Scratch space for one screening, by list name id: reused, and reset by generation stamps.
  #reached = new Float64Array(0);
  #nameStamp = new Int32Array(0);
  /** The names one subject name reached, in the order first reached. */
  #touched = new Int32Array(0);
  readonly #shortlist: Shortlist;
  #tokenStamp = new Int32Array(0);
  #stamp = 0;

  constructor(entries: Iterable<ListEntry> = [], options: CandidateIndexOptions = {}) {
    this.#shortlistSize = options.shortlist ?? DEFAULT_SHORTLIST;
    this.#minEstimate = options.minEstimate ?? DEFAULT_MIN_ESTIMATE;
    this.#shortlist = new Shortlist(this.#shortlistSize);
    for (const entry of entries) this.add(entry);
  }

  get size(): number {
    return this.#entries.length;
  }

  add(entry: ListEntry): void {
    const fresh = prepareEntry(entry);
    // Names spelled alike share one token array: less memory, and screening scores them once.
    const prepared = { ...fresh, names: fresh.names.map((name) => ({ ...name, tokens: this.#nameTokens.get(spelledOut(name.tokens)) ?? name.tokens })) };
    const at = this.#entries.push(prepared) - 1;
    for (const name of prepared.names) {
      const spelled = spelledOut(name.tokens);
      const known = this.#nameIds.get(spelled);
      if (known !== undefined) {
        const entries = this.#nameEntries[known] as number[];
        if (entries.at(-1) !== at) entries.push(at);
        continue;
      }
      const nameId = this.#nameEntries.push([at]) - 1;
      this.#nameIds.set(spelled, nameId);
      this.#nameTokens.set(spelled, name.tokens);
      this.#nameWeight.push(name.tokens.reduce((sum, token) => sum + token.text.length, 0));
      const keys = new Set<string>();
      for (const token of name.tokens) for (const key of searchKeys(token.text)) keys.add(key);
      for (const key of keys) {
        const filed = this.#byKey.get(key);
        if (filed) filed.push(nameId);
        else this.#byKey.set(key, [nameId]);
      }
    }
  }

  /** The entries worth scoring for the subject: those holding the names whose estimated score is best. */
  candidates(subject: ScreenedSubject): ListEntry[] {
    return this.#candidates(prepareSubject(subject)).map((prepared) => prepared.entry);
  }

  /** Every candidate scoring at least `threshold`, best first, each with the features that made it. */
  screen(subject: ScreenedSubject, threshold: number): Array<EntryScore & { entry: ListEntry }> {
    const prepared = prepareSubject(subject);
    const hits: Array<EntryScore & { entry: ListEntry }> = [];
    for (const candidate of this.#candidates(prepared)) {
      const scored = scorePreparedEntry(prepared, candidate);
      if (scored.score >= threshold) hits.push({ entry: candidate.entry, ...scored });
    }
    return hits.sort((a, b) => b.score - a.score);
  }

  #candidates(subject: PreparedSubject): PreparedEntry[] {
    this.#growScratch();
    const found = new Set<number>();
    for (const name of subject.names) for (const nameId of this.#bestNames(name.tokens)) for (const at of this.#nameEntries[nameId] as number[]) found.add(at);
    return [...found].map((at) => this.#entries[at] as PreparedEntry);
  }

  /**
   * The list names reached through the subject name's keys, best estimate first. A list name's
   * estimate is about the name score it would have if the subject tokens reaching it matched it:
   * the share of the subject's letters reaching it (a token sharing one key counts half, sharing
   * all its keys whole), less what its own unreached letters take off. Cheap: a sum per key filed.
   */
  #bestNames(tokens: PreparedSubject['names'][number]['tokens']): number[] {
    const nameStamp = ++this.#stamp;
    // A key filed under a large share of the list ("al", "bin") reaches everything and ranks nothing.
    const commonKey = Math.max(COMMON_KEY_MIN, this.#nameEntries.length * COMMON_KEY_SHARE);
    const commonToken = Math.max(COMMON_TOKEN_MIN, this.#nameEntries.length * COMMON_TOKEN_SHARE);
    const touched = this.#touched;
    let touchedCount = 0;
    const reachedBy = this.#reached;
    const nameStamps = this.#nameStamp;
    const tokenStamps = this.#tokenStamp;
    let subjectWeight = 0;
    for (const token of tokens) {
      subjectWeight += token.text.length;
      const all = searchKeys(token.text);
      // A common token (its own skeleton filed under many names: "james", "muhammad") is followed by
      // that key alone: its one-letter neighbours are other common names, thousands of list names
      // that its exact key already outranks.
      const own = this.#byKey.get(all[0] ?? '');
      const keys = own !== undefined && own.length > commonToken ? all.slice(0, 1) : all;
      // Reaching a list name at all counts for half the token (a one-letter typo shares one or two
      // keys); each further key shared adds to it, so an exact match (all keys shared) counts whole.
      const first = token.text.length * REACH_SHARE;
      const further = keys.length > 1 ? (token.text.length - first) / (keys.length - 1) : 0;
      const tokenStamp = ++this.#stamp;
      for (const key of keys) {
        const filed = this.#byKey.get(key);
        if (filed === undefined || filed.length > commonKey) continue;
        for (const nameId of filed) {
          if (nameStamps[nameId] !== nameStamp) {
            nameStamps[nameId] = nameStamp;
            reachedBy[nameId] = 0;
            touched[touchedCount++] = nameId;
          }
          if (tokenStamps[nameId] === tokenStamp) {
            reachedBy[nameId] = (reachedBy[nameId] as number) + further;
          } else {
            tokenStamps[nameId] = tokenStamp;
            reachedBy[nameId] = (reachedBy[nameId] as number) + (keys.length > 1 ? first : token.text.length);
          }
        }
      }
    }
    const best = this.#shortlist;
    best.clear();
    for (let i = 0; i < touchedCount; i++) {
      const nameId = touched[i] as number;
      const weight = this.#nameWeight[nameId] as number;
      // A list token reached by two subject tokens ("Fyodor Fyodorov" against "Fyodor Belov") counts once at most.
      const reached = Math.min(reachedBy[nameId] as number, weight);
      const estimate = reached / subjectWeight - (UNMATCHED_LIST_TOKEN_WEIGHT * Math.max(0, weight - reached)) / weight;
      if (estimate >= this.#minEstimate) best.offer(nameId, estimate);
    }
    return best.ids();
  }

  #growScratch(): void {
    const names = this.#nameEntries.length;
    if (this.#reached.length >= names && this.#stamp < 0x7fff0000) return;
    const size = Math.max(names, Math.ceil(this.#reached.length * 1.5));
    this.#reached = new Float64Array(size);
    this.#nameStamp = new Int32Array(size);
    this.#touched = new Int32Array(size);
    this.#tokenStamp = new Int32Array(size);
    this.#stamp = 0;
  }
}

const spelledOut = (tokens: readonly PreparedToken[]) => tokens.map((token) => token.text).join(' ');

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

/**
 * The keys a token is filed and found under: its skeleton keys, and for a token whose skeleton has
 * no deletion neighbours (three consonants or fewer: "nikolai", "hamza", "kim") also its spelling
 * and that with one letter deleted, so a one-letter typo there ("niyolai", "hama") still reaches it.
 */
function searchKeys(token: string): string[] {
  const keys = tokenKeys(token);
  if (keys.length > 1 || token.length < 2) return keys;
  const spelling = token.slice(0, SKELETON_LENGTH);
  // Unmarked, so they meet the spelling keys of vowel-rich tokens ("niyolai" is filed by its spelling).
  const spellings = new Set([spelling]);
  if (spelling.length > 3) for (let i = 0; i < spelling.length; i++) spellings.add(spelling.slice(0, i) + spelling.slice(i + 1));
  return [...keys, ...spellings];
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
