/**
 * Checks of single identity fields, for the rules verifier. Each takes what may be odd input and
 * answers; none throws.
 */
import { isAllowedAge, parseIsoDate, zipFiveOf } from '../field-formats.js';
import { isUsStateCode, stateForZip } from './zip-prefixes.js';

export { ageOn, isValidEmail, isValidPhone, MAX_AGE, MIN_AGE, parseIsoDate } from '../field-formats.js';

export type DateOfBirthProblem = 'missing' | 'invalid' | 'age_out_of_range';

/**
 * What is wrong with a date of birth on `today` (YYYY-MM-DD), if anything. When `today` itself is
 * not a date the age cannot be judged and only the date's own validity counts.
 */
export function dateOfBirthProblem(dateOfBirth: string | undefined, today: string): DateOfBirthProblem | undefined {
  if (dateOfBirth === undefined) return 'missing';
  const birth = parseIsoDate(dateOfBirth);
  if (birth === undefined) return 'invalid';
  return isAllowedAge(birth, today) ? undefined : 'age_out_of_range';
}

/**
 * Values people type when they do not want to give a name; compared whole, case-insensitively,
 * after trimming and collapsing spaces. Words that are also real surnames (Tester, Null) are
 * deliberately absent.
 */
export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set([
  'test', 'testing', 'asdf', 'asdfgh', 'qwerty', 'xxx', 'abc', 'n/a', 'none', 'unknown', 'undefined', 'anonymous', 'fake', 'dummy', 'sample', 'name', 'firstname', 'lastname',
  'first name', 'last name', 'business', 'business name', 'company',
]);

/**
 * A name someone could bear: it has a letter, its letters are not all one letter repeated
 * (`aaa`; a one-letter name passes) and it is not a placeholder.
 */
export function isPlausibleName(name: string | undefined): boolean {
  if (name === undefined) return false;
  const folded = name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  if (PLACEHOLDER_NAMES.has(folded)) return false;
  const letters = [...folded].filter((char) => /\p{L}/u.test(char));
  if (letters.length === 0) return false;
  return letters.length === 1 || letters.some((char) => char !== letters[0]);
}

/** EIN prefixes the IRS has never assigned to a campus or for internet applications. */
export const INVALID_EIN_PREFIXES: ReadonlySet<string> = new Set([
  '00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97',
]);

/** 9 digits (dashes ignored) starting with an assigned prefix. */
export function isValidEin(ein: string): boolean {
  const digits = ein.replace(/-/g, '');
  return /^\d{9}$/.test(digits) && !INVALID_EIN_PREFIXES.has(digits.slice(0, 2));
}

/**
 * A passport accepted in place of an SSN: a number of 5 to 20 letters and digits, issued by a
 * country written as 2 letters other than US (a US passport holder is a US person and gives an SSN).
 */
export function isAcceptablePassport(number: string | undefined, country: string | undefined): boolean {
  if (number === undefined || country === undefined) return false;
  if (!/^[A-Za-z0-9]{5,20}$/.test(number.replace(/[\s-]/g, ''))) return false;
  return /^[A-Za-z]{2}$/.test(country) && country.toUpperCase() !== 'US';
}

export type UsAddressProblem = 'state_invalid' | 'zip_invalid' | 'zip_state_mismatch';

/**
 * A US state or territory code (uppercase) and a ZIP whose prefix belongs to it. The ZIP is only
 * compared once the state is valid.
 */
export function usAddressProblem(state: string | undefined, postalCode: string | undefined): UsAddressProblem | undefined {
  if (state === undefined || !isUsStateCode(state)) return 'state_invalid';
  if (postalCode === undefined || zipFiveOf(postalCode) === undefined) return 'zip_invalid';
  return stateForZip(postalCode) === state ? undefined : 'zip_state_mismatch';
}
