import { jaroWinkler } from './jaro-winkler.js';
import { givenNameGroup } from './given-names.js';
import { oneEditApart } from './one-edit.js';

/**
 * How well a customer's name matches a list name, and why: token by token (order does not matter),
 * each list token used at most once (a repeated token cannot count twice), tokens weighted by their
 * length (a long surname says more than an initial). After moov-io/watchman's method, with its
 * lessons: a one-word list name must not match a long customer name, nor a one-word customer name a
 * long list name.
 */

/** Below this a token pair is no match at all (JW of unrelated short names sits around 0.5–0.6). */
export const TOKEN_MATCH_FLOOR = 0.8;
/** A pair whose first letters differ is less likely the same name typed wrong (watchman: 0.9). */
export const DIFFERENT_FIRST_LETTER = 0.9;
/**
 * What a pair of two known given names of their own (Khalil and Khalid, Fernanda and Fernando)
 * keeps of its similarity: alike as they are spelled, they are two names, not one mistyped.
 */
export const DISTINCT_GIVEN_NAMES = 0.85;
/**
 * From this length a pair one typing slip apart is a slip even at the first letter ("Xechange",
 * "Htaedong", "Giktor"): shorter names one letter apart are more often other names (Rami, Sami).
 */
const FIRST_LETTER_SLIP_LENGTH = 6;
/** What list tokens the customer's name leaves unmatched take off (watchman: 0.15). */
export const UNMATCHED_LIST_TOKEN_WEIGHT = 0.15;

export interface TokenPair {
  readonly customer: string;
  readonly list: string;
  /** Jaro-Winkler, after the first-letter and distinct-names penalties. */
  readonly similarity: number;
  /** Present when the two are known given names of their own (Juana, Juan): they counted less. */
  readonly distinctNames?: true;
}

export interface NameMatch {
  /** 0..1. */
  readonly score: number;
  readonly pairs: readonly TokenPair[];
  readonly unmatchedCustomer: readonly string[];
  readonly unmatchedList: readonly string[];
}

/** A consonant skeleton compares a little below the spelling itself (it drops what vowels say). */
export const SKELETON_DISCOUNT = 0.95;

/** A token with its consonant skeleton worked out once, for the many comparisons it takes part in. */
export interface PreparedToken {
  readonly text: string;
  /** The skeleton, or '' when it is too short to compare (under 3 consonants). */
  readonly skeleton: string;
  /**
   * The skeleton with each run of vowels marked ("mahmoud" m.hm.d, "muhammad" m.h.m.d), or '' for
   * a token written without vowels (Arabic script's "mhmd"), which meets any vowels.
   */
  readonly shape: string;
  /** The spelling with its initial as one romanisation of it (Qasim → kasim, Iusuf → yusuf, Osama → usama). */
  readonly folded: string;
  /** Which known given name this spells (see given-names.ts), or -1. */
  readonly givenName: number;
}

export function prepareTokens(tokens: readonly string[]): PreparedToken[] {
  return tokens.map((text) => {
    const consonants = skeleton(text);
    const shape = text.replace(/[aeiouyw]+/g, '.').replace(/([^.])\1+/g, '$1');
    return { text, skeleton: consonants.length >= 3 ? consonants : '', shape: shape.includes('.') ? shape : '', folded: foldInitial(text), givenName: givenNameGroup(text) };
  });
}

/**
 * Initials that romanisations of one name write differently: Arabic qaf as q or k (Qasim, Kasim),
 * the y sound as y, j or i (Yusuf, Jusuf, Iusuf; Yulia, Iulia), Arabic damma as u or o (Usama,
 * Osama; Umar, Omar). Folded to one letter, such names compare as the same name spelled another
 * way, not as a different first letter.
 */
function foldInitial(text: string): string {
  if (text.length < 3) return text;
  const first = text[0];
  if (first === 'q') return `k${text.slice(1)}`;
  if (first === 'j' || (first === 'i' && /[aeou]/.test(text[1] as string))) return `y${text.slice(1)}`;
  if (first === 'o') return `u${text.slice(1)}`;
  return text;
}

/** A pair whose spellings differ only by a folded initial compares a little below one spelling. */
export const FOLDED_INITIAL_DISCOUNT = 0.97;

/**
 * Patronymics (Vyacheslavovich, Igorevna) are part of a Russian or Ukrainian name as a list writes
 * it, and rarely of the name a customer gives: left unmatched, they take off half as much.
 */
const PATRONYMIC = /(ovich|evich|ovna|evna|ichna)$/;

/**
 * Two tokens' similarity: Jaro-Winkler of the spellings, or SKELETON_DISCOUNT when their consonant
 * skeletons are the same and long enough to mean something (3+ consonants). Arabic script
 * writes no short vowels, so its Latin spelling is a skeleton ("mhmd"), and vowels are where
 * romanisations of one name differ most ("Muhammad", "Mohamed").
 */
export function tokenSimilarity(a: string, b: string): number {
  const [preparedA, preparedB] = prepareTokens([a, b]) as [PreparedToken, PreparedToken];
  return preparedSimilarity(preparedA, preparedB);
}

function preparedSimilarity(a: PreparedToken, b: PreparedToken): number {
  // Only initials that differ as written and agree once folded need a second comparison.
  const folded = a.text.charCodeAt(0) !== b.text.charCodeAt(0) && a.folded.charCodeAt(0) === b.folded.charCodeAt(0) ? jaroWinkler(a.folded, b.folded) * FOLDED_INITIAL_DISCOUNT : 0;
  const direct = Math.max(jaroWinkler(a.text, b.text), folded);
  // Only the same consonants count: skeletons that are merely close ("slm" and "slmn", Salem and
  // Suleiman; "rms" and "rmsh", Ramos and Ramesh) are different names, and were a main source of
  // clean customers sent to review (see bench/screening.mjs). So are the same consonants grouped
  // otherwise between the vowels: Mahmoud (m.hm.d) is not Muhammad (m.h.m.d), Mohamed is.
  return sameRomanisation(a, b) ? Math.max(direct, SKELETON_DISCOUNT) : direct;
}

/** The same consonants, grouped alike between the vowels: one name romanised two ways. */
function sameRomanisation(a: PreparedToken, b: PreparedToken): boolean {
  if (a.skeleton === '' || a.skeleton !== b.skeleton) return false;
  return a.shape === '' || b.shape === '' || a.shape === b.shape;
}

function skeleton(token: string): string {
  // Vowels and the letters that stand for them in transliterations go; a doubled consonant is one.
  return token.replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1');
}

export function nameScore(customer: readonly string[], list: readonly string[]): NameMatch {
  return preparedNameScore(prepareTokens(customer), prepareTokens(list));
}

/** `nameScore` of tokens prepared beforehand (a list's tokens are prepared once, when it is indexed). */
export function preparedNameScore(customer: readonly PreparedToken[], list: readonly PreparedToken[]): NameMatch {
  if (customer.length === 0 || list.length === 0) {
    return { score: 0, pairs: [], unmatchedCustomer: customer.map((t) => t.text), unmatchedList: list.map((t) => t.text) };
  }
  // The list tokens already paired: a handful at most, so a short array beats a set or a typed array.
  const used: number[] = [];
  const pairs: TokenPair[] = [];
  const unmatchedCustomer: string[] = [];
  // Longest tokens choose first: they are the most telling, and must not lose their match to an initial.
  for (const token of longestFirst(customer)) {
    let best = -1;
    let bestSimilarity = 0;
    let bestDistinct = false;
    for (let index = 0; index < list.length; index++) {
      if (used.includes(index)) continue;
      const candidate = list[index] as PreparedToken;
      const distinct = distinctGivenNames(token, candidate);
      const similarity = preparedSimilarity(token, candidate) * firstLetterFactor(token, candidate) * (distinct ? DISTINCT_GIVEN_NAMES : 1);
      if (similarity > bestSimilarity) {
        best = index;
        bestSimilarity = similarity;
        bestDistinct = distinct;
      }
    }
    if (best >= 0 && bestSimilarity >= TOKEN_MATCH_FLOOR) {
      used.push(best);
      const listed = (list[best] as PreparedToken).text;
      pairs.push(bestDistinct ? { customer: token.text, list: listed, similarity: bestSimilarity, distinctNames: true } : { customer: token.text, list: listed, similarity: bestSimilarity });
    } else {
      unmatchedCustomer.push(token.text);
    }
  }
  const weight = (tokens: readonly PreparedToken[]) => tokens.reduce((sum, token) => sum + token.text.length, 0);
  const customerCoverage = pairs.reduce((sum, p) => sum + p.similarity * p.customer.length, 0) / weight(customer);
  const listCoverage = pairs.reduce((sum, p) => sum + p.similarity * p.list.length, 0) / weight(list);
  const unmatchedListTokens = list.filter((_, index) => !used.includes(index));
  const unmatchedListShare = unmatchedListTokens.reduce((sum, token) => sum + token.text.length * (PATRONYMIC.test(token.text) ? 0.5 : 1), 0) / weight(list);
  let score = customerCoverage - UNMATCHED_LIST_TOKEN_WEIGHT * unmatchedListShare;
  // A one-word customer name ("Hadi") covers itself whole against any list name holding that word:
  // then the list's side decides as much as the customer's.
  if (customer.length === 1 && list.length > 1) score = Math.min(score, (customerCoverage + listCoverage) / 2);
  const unmatchedList = unmatchedListTokens.map((t) => t.text);
  return { score: Math.max(0, Math.min(1, score)), pairs, unmatchedCustomer, unmatchedList };
}

function distinctGivenNames(a: PreparedToken, b: PreparedToken): boolean {
  return a.givenName >= 0 && b.givenName >= 0 && a.givenName !== b.givenName;
}

function firstLetterFactor(a: PreparedToken, b: PreparedToken): number {
  if (a.folded.charCodeAt(0) === b.folded.charCodeAt(0)) return 1;
  const slip = Math.min(a.text.length, b.text.length) >= FIRST_LETTER_SLIP_LENGTH - 1 && Math.max(a.text.length, b.text.length) >= FIRST_LETTER_SLIP_LENGTH && oneEditApart(a.text, b.text);
  return slip ? 1 : DIFFERENT_FIRST_LETTER;
}

/** The tokens longest first, in their order among equals (a stable insertion sort: names are short). */
function longestFirst(tokens: readonly PreparedToken[]): PreparedToken[] {
  const out = tokens.slice();
  for (let i = 1; i < out.length; i++) {
    const token = out[i] as PreparedToken;
    let j = i - 1;
    while (j >= 0 && (out[j] as PreparedToken).text.length < token.text.length) {
      out[j + 1] = out[j] as PreparedToken;
      j--;
    }
    out[j + 1] = token;
  }
  return out;
}
