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
 * near-duplicates, 10,000 clean customers with common names). Review is where the clean customers
 * reaching it fall fastest while recall stays above 95 %: at 0.94, 96.8 % of the planted
 * near-duplicates and 0.7 % of clean customers (at 0.92: 97.2 % and 1.6 %; at 0.88: 97.5 % and
 * 3.3 %), most of them the names of a list entry of no date of birth spelled by another
 * romanisation, which a reviewer should see. Hold is the lowest score that 1 % of clean customers
 * or fewer reach (0.5 % at 0.96), so a hold stops few customers wrongly; 91 % of the planted
 * near-duplicates reach it. A tenant that wants more recall lowers review (0.88 finds 97.5 %).
 */
export const DEFAULT_BANDS: ScreeningBands = Object.freeze({ review: 0.94, hold: 0.96 });

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
