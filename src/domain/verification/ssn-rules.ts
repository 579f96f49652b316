/**
 * Social Security number rules. Since randomisation (2011) an SSN's digits say nothing about
 * where or when it was issued, but some numbers can still never be valid:
 * - area (first three digits) 000, 666 or 900–999 (the 9xx block is used for ITINs);
 * - group (middle two) 00;
 * - serial (last four) 0000;
 * - numbers published in advertising or otherwise known to be used by many people.
 */

/**
 * Structurally plausible numbers that are nevertheless invalid, and whose use is a fraud signal:
 * 078-05-1120 (the Woolworth wallet insert), 219-09-9999 (a Social Security Board pamphlet),
 * 123-45-6789, the nine numbers of one repeated digit, and 987-65-4320..4329 (reserved by the SSA
 * for advertising).
 */
export const KNOWN_INVALID_SSNS: ReadonlySet<string> = new Set([
  '078051120',
  '219099999',
  '123456789',
  ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => digit.repeat(9)),
  ...Array.from({ length: 10 }, (_, last) => `98765432${last}`),
]);

/** What an SSN as given amounts to. */
export interface SsnAssessment {
  /** `full`: 9 digits; `last4`: 4 digits; `malformed`: anything else. */
  readonly form: 'full' | 'last4' | 'malformed';
  /** No rule above rules it out (for `last4`: its serial is not 0000). */
  readonly valid: boolean;
  /** One of KNOWN_INVALID_SSNS. */
  readonly knownInvalid: boolean;
}

/** Area, group and serial rules for 9 digits (no separators). */
export function isStructurallyValidSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  return area !== '000' && area !== '666' && area < '900' && group !== '00' && serial !== '0000';
}

export function isKnownInvalidSsn(digits: string): boolean {
  return KNOWN_INVALID_SSNS.has(digits);
}

/** Assesses an SSN of 4 or 9 digits; dashes and spaces are ignored. */
export function assessSsn(ssn: string): SsnAssessment {
  const digits = ssn.replace(/[\s-]/g, '');
  if (/^\d{9}$/.test(digits)) {
    const knownInvalid = isKnownInvalidSsn(digits);
    return { form: 'full', valid: !knownInvalid && isStructurallyValidSsn(digits), knownInvalid };
  }
  if (/^\d{4}$/.test(digits)) return { form: 'last4', valid: digits !== '0000', knownInvalid: false };
  return { form: 'malformed', valid: false, knownInvalid: false };
}
