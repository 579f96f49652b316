import { type FieldProblem, statedProblem } from '../field-problems.js';

/** What a tenant's document comparisons accept (PATCH /v1/tenant `documents`). */
export interface DocumentReadingPolicy {
  /** Issuing states accepted (ICAO codes as the zone writes them: `USA`, `GBR`, `D`); none set accepts every state. */
  readonly issuingStates?: readonly string[];
  /** An ID must still be valid this many days from today, or its expiry is a mismatch. */
  readonly expiryMarginDays: number;
  /** Whether a zone that validates in full and shows an expiry in the past fails the document (ScanIdExpired) by itself. */
  readonly failExpired: boolean;
}

export const DEFAULT_READING_POLICY: DocumentReadingPolicy = Object.freeze({ expiryMarginDays: 0, failExpired: true });

const MAX_MARGIN_DAYS = 3650;
const STATE_CODE = /^[A-Z]{1,3}$/;

/** The policy a tenant's setting asks for, with the defaults filled in, or the problems with it. */
export function readingPolicyOf(input: Partial<DocumentReadingPolicy>, pointer = '/documents'): { policy?: DocumentReadingPolicy; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const margin = input.expiryMarginDays ?? DEFAULT_READING_POLICY.expiryMarginDays;
  if (!Number.isInteger(margin) || margin < 0 || margin > MAX_MARGIN_DAYS) {
    problems.push(statedProblem(`${pointer}/expiryMarginDays`, 'Invalid', `expiryMarginDays must be a whole number of days from 0 to ${MAX_MARGIN_DAYS}.`));
  }
  const states = input.issuingStates;
  (states ?? []).forEach((state, at) => {
    if (typeof state !== 'string' || !STATE_CODE.test(state)) problems.push(statedProblem(`${pointer}/issuingStates/${at}`, 'InvalidFormat', 'An issuing state is an ICAO code of one to three capital letters, as the zone writes it (USA, GBR, D).'));
  });
  if (problems.length > 0) return { problems };
  const policy: DocumentReadingPolicy = {
    ...(states !== undefined && states.length > 0 && { issuingStates: [...new Set(states)] }),
    expiryMarginDays: margin,
    failExpired: input.failExpired ?? DEFAULT_READING_POLICY.failExpired,
  };
  return { policy, problems };
}
