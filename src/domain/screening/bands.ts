import { type FieldProblem, statedProblem } from '../field-problems.js';

/** Where a score falls: below `review` clear; from `review` a potential match for review; from `hold` the customer is also held. */
export interface ScreeningBands {
  readonly review: number;
  readonly hold: number;
}

export const DEFAULT_BANDS: ScreeningBands = { review: 0.88, hold: 0.94 };

export function bandOf(score: number, bands: ScreeningBands): 'clear' | 'review' | 'hold' {
  if (score >= bands.hold) return 'hold';
  if (score >= bands.review) return 'review';
  return 'clear';
}

/** Problems with a tenant's bands: each a number, 0 < review ≤ hold ≤ 1. */
export function bandProblems(bands: { review?: unknown; hold?: unknown }, pointer = '/screening/bands'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const name of ['review', 'hold'] as const) {
    const value = bands[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
      problems.push(statedProblem(`${pointer}/${name}`, 'Invalid', `${name} must be a number above 0 and at most 1.`));
    }
  }
  if (problems.length === 0 && (bands.review as number) > (bands.hold as number)) {
    problems.push(statedProblem(`${pointer}/hold`, 'Invalid', 'hold must be at least review: a hit that holds the customer is one sent to review.'));
  }
  return problems;
}
