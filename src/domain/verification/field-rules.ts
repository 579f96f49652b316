/**
 * Checks of single identity fields, for the rules verifier. Each takes what may be odd input and
 * answers; none throws.
 */
import { isUsStateCode, stateForZip } from './zip-prefixes.js';

export const MIN_AGE = 18;
export const MAX_AGE = 125;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A real calendar date written YYYY-MM-DD (years 0001–9999), else undefined. */
export function parseIsoDate(value: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0) ? { year, month, day } : undefined;
}

/** Whole years from `birth` to `today` (negative when born after today); a 29 February birthday counts from 1 March in other years. */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const beforeBirthday = today.month < birth.month || (today.month === birth.month && today.day < birth.day);
  return today.year - birth.year - (beforeBirthday ? 1 : 0);
}

export type DateOfBirthProblem = 'missing' | 'invalid' | 'age_out_of_range';

/**
 * What is wrong with a date of birth on `today` (YYYY-MM-DD), if anything. When `today` itself is
 * not a date the age cannot be judged and only the date's own validity counts.
 */
export function dateOfBirthProblem(dateOfBirth: string | undefined, today: string): DateOfBirthProblem | undefined {
  if (dateOfBirth === undefined) return 'missing';
  const birth = parseIsoDate(dateOfBirth);
  if (birth === undefined) return 'invalid';
  const now = parseIsoDate(today);
  if (now === undefined) return undefined;
  const age = ageOn(birth, now);
  return age < MIN_AGE || age > MAX_AGE ? 'age_out_of_range' : undefined;
}

/**
 * A US number of 10 digits whose area code and exchange both start with 2–9 and whose area code
 * is not an N11 service code; or E.164 (`+`, 7 to 15 digits, no leading 0), where `+1` numbers
 * must also pass the US rule.
 */
export function isValidPhone(phone: string): boolean {
  if (/^\d+$/.test(phone)) return isValidNanpNumber(phone);
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) return false;
  return phone.startsWith('+1') ? isValidNanpNumber(phone.slice(2)) : true;
}

function isValidNanpNumber(digits: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) && digits.slice(1, 3) !== '11';
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A plain address: a dot-atom local part of at most 64 characters, `@`, and a domain of at least
 * two labels ending in an alphabetic top-level domain; 254 characters at most. Quoted local
 * parts and IP-literal domains are refused (no consumer mailbox uses them).
 */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at < 1) return false;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return false;
  if (labels.length < 2 || !labels.every((label) => EMAIL_DOMAIN_LABEL.test(label))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1] ?? '');
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
  if (postalCode === undefined || !/^\d{5}(?:-?\d{4})?$/.test(postalCode)) return 'zip_invalid';
  return stateForZip(postalCode) === state ? undefined : 'zip_state_mismatch';
}
