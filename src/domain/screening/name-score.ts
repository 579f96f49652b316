import { jaroWinkler } from './jaro-winkler.js';

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
/** What list tokens the customer's name leaves unmatched take off (watchman: 0.15). */
export const UNMATCHED_LIST_TOKEN_WEIGHT = 0.15;

export interface TokenPair {
  readonly customer: string;
  readonly list: string;
  /** Jaro-Winkler, after the first-letter penalty. */
  readonly similarity: number;
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

/**
 * Two tokens' similarity: Jaro-Winkler of the spellings, or of their consonant skeletons when that
 * is higher and the skeletons are long enough to mean something (3+ consonants). Arabic script
 * writes no short vowels, so its Latin spelling is a skeleton ("mhmd"), and vowels are where
 * romanisations of one name differ most ("Muhammad", "Mohamed").
 */
export function tokenSimilarity(a: string, b: string): number {
  const direct = jaroWinkler(a, b);
  const skeletonA = skeleton(a);
  const skeletonB = skeleton(b);
  if (skeletonA.length < 3 || skeletonB.length < 3) return direct;
  return Math.max(direct, jaroWinkler(skeletonA, skeletonB) * SKELETON_DISCOUNT);
}

function skeleton(token: string): string {
  // Vowels and the letters that stand for them in transliterations go; a doubled consonant is one.
  return token.replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1');
}

export function nameScore(customer: readonly string[], list: readonly string[]): NameMatch {
  if (customer.length === 0 || list.length === 0) return { score: 0, pairs: [], unmatchedCustomer: [...customer], unmatchedList: [...list] };
  const used = new Set<number>();
  const pairs: TokenPair[] = [];
  const unmatchedCustomer: string[] = [];
  // Longest tokens choose first: they are the most telling, and must not lose their match to an initial.
  const order = customer.map((token, index) => ({ token, index })).sort((a, b) => b.token.length - a.token.length || a.index - b.index);
  for (const { token } of order) {
    let best = -1;
    let bestSimilarity = 0;
    list.forEach((candidate, index) => {
      if (used.has(index)) return;
      const similarity = tokenSimilarity(token, candidate) * (token[0] === candidate[0] ? 1 : DIFFERENT_FIRST_LETTER);
      if (similarity > bestSimilarity) {
        best = index;
        bestSimilarity = similarity;
      }
    });
    if (best >= 0 && bestSimilarity >= TOKEN_MATCH_FLOOR) {
      used.add(best);
      pairs.push({ customer: token, list: list[best] as string, similarity: bestSimilarity });
    } else {
      unmatchedCustomer.push(token);
    }
  }
  const weight = (tokens: readonly string[]) => tokens.reduce((sum, token) => sum + token.length, 0);
  const customerCoverage = pairs.reduce((sum, p) => sum + p.similarity * p.customer.length, 0) / weight(customer);
  const listCoverage = pairs.reduce((sum, p) => sum + p.similarity * p.list.length, 0) / weight(list);
  const unmatchedList = list.filter((_, index) => !used.has(index));
  const unmatchedListShare = weight(unmatchedList) / weight(list);
  let score = customerCoverage - UNMATCHED_LIST_TOKEN_WEIGHT * unmatchedListShare;
  // A one-word customer name ("Hadi") covers itself whole against any list name holding that word:
  // then the list's side decides as much as the customer's.
  if (customer.length === 1 && list.length > 1) score = Math.min(score, (customerCoverage + listCoverage) / 2);
  return { score: Math.max(0, Math.min(1, score)), pairs, unmatchedCustomer, unmatchedList };
}
