import { type FieldProblem, statedProblem } from '../field-problems.js';

/**
 * What a screening score means for the customer: at or above `review` the hit is a potential
 * match a reviewer looks at; at or above `hold` the customer is also held until then.
 */
export interface ScreeningBands {
  readonly review: number;
  readonly hold: number;
}

export type Band = 'clear' | 'review' | 'hold';

/**
 * Calibrated on the screening bench (bench/screening.mjs: 60,000 synthetic entries, 1,000 planted
 * near-duplicates, 4,000 clean customers with common names). Review is the highest score that
 * still finds 95 % of the planted near-duplicates (0.964 at 0.88; 5.3 % of clean customers reach
 * it, above the 1 % aimed at: mostly their given and family names are those of a list entry of no
 * date of birth, spelled alike or nearly, which no name threshold tells from a true match). Hold
 * is the lowest score that 1 % of clean customers or fewer reach (0.8 % at 0.96), so a hold stops
 * few customers wrongly; 89 % of the planted near-duplicates reach it. (At 0.94 a review band would
 * send 0.8 % of clean customers to review and find 94.7 %: a tenant that wants fewer reviews may choose it.)
 */
export const DEFAULT_BANDS: ScreeningBands = Object.freeze({ review: 0.88, hold: 0.96 });

export function bandOf(score: number, bands: ScreeningBands): Band {
  if (score >= bands.hold) return 'hold';
  if (score >= bands.review) return 'review';
  return 'clear';
}

/** What is wrong with a tenant's bands: each must be a number and 0 < review ≤ hold ≤ 1. */
export function checkBands(bands: ScreeningBands, pointer = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { review, hold } = bands;
  const isScore = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  if (!isScore(review)) problems.push(statedProblem(`${pointer}/review`, 'InvalidFormat', 'review must be a number between 0 and 1.'));
  else if (review <= 0 || review > 1) problems.push(statedProblem(`${pointer}/review`, 'Invalid', `review must be above 0 and at most 1; got ${review}.`));
  if (!isScore(hold)) problems.push(statedProblem(`${pointer}/hold`, 'InvalidFormat', 'hold must be a number between 0 and 1.'));
  else if (hold <= 0 || hold > 1) problems.push(statedProblem(`${pointer}/hold`, 'Invalid', `hold must be above 0 and at most 1; got ${hold}.`));
  if (problems.length === 0 && review > hold) {
    problems.push(statedProblem(`${pointer}/hold`, 'Invalid', `hold must be at least review (${review}); got ${hold}.`));
  }
  return problems;
}
