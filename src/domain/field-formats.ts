/**
 * The one version of each format rule Verity reads fields by: calendar dates and ages, email
 * addresses, phone numbers and US ZIP codes. Customer records, the rules verifier and every door
 * use these; none of them keeps its own copy.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

// --- dates and ages ---------------------------------------------------------------------------

export const MIN_AGE = 18;
export const MAX_AGE = 125;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A real calendar date written YYYY-MM-DD (years 0001–9999), else undefined. */
export function parseIsoDate(value: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return undefined;
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A real calendar date written YYYYMMDD (Veratad's form), else undefined. */
export function parseCompactDate(value: string): CalendarDate | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match === null) return undefined;
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function calendarDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0) ? { year, month, day } : undefined;
}

/** YYYY-MM-DD of a calendar date. */
export function isoDateOf(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Whole years from `birth` to `today` (negative when born after today); a 29 February birthday counts from 1 March in other years. */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const beforeBirthday = today.month < birth.month || (today.month === birth.month && today.day < birth.day);
  return today.year - birth.year - (beforeBirthday ? 1 : 0);
}

/**
 * Whether someone born on `birth` is of an age Verity serves (18 to 125) on `today`
 * (YYYY-MM-DD). When `today` is not a date the age cannot be judged and passes.
 */
export function isAllowedAge(birth: CalendarDate, today: string): boolean {
  const now = parseIsoDate(today);
  if (now === undefined) return true;
  const age = ageOn(birth, now);
  return age >= MIN_AGE && age <= MAX_AGE;
}

// --- email ------------------------------------------------------------------------------------

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A plain address: a dot-atom local part of at most 64 characters, `@`, and a domain of at least
 * two labels (each at most 63 characters, as DNS allows) ending in an alphabetic top-level
 * domain; 254 characters at most. Quoted local parts and IP-literal domains are refused (no
 * consumer mailbox uses them).
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

// --- phone numbers ----------------------------------------------------------------------------

/** How many digits a customer record's E.164 number carries after the `+`. */
export const E164_DIGITS = { min: 8, max: 15 } as const;

/** A US number as customer records keep it: its 10 digits. */
export function isUsPhoneDigits(phone: string): boolean {
  return /^\d{10}$/.test(phone);
}

/** A non-US number as customer records keep it: `+` and 8 to 15 digits. */
export function isE164Shaped(phone: string): boolean {
  return new RegExp(`^\\+\\d{${E164_DIGITS.min},${E164_DIGITS.max}}$`).test(phone);
}

/**
 * A number someone could answer, for the rules verifier: 10 US digits whose area code and
 * exchange both start with 2–9 and whose area code is not an N11 service code; or E.164 (`+`, 7
 * to 15 digits, no leading 0), where `+1` numbers must also pass the US rule.
 */
export function isValidPhone(phone: string): boolean {
  if (/^\d+$/.test(phone)) return isValidNanpNumber(phone);
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) return false;
  return phone.startsWith('+1') ? isValidNanpNumber(phone.slice(2)) : true;
}

function isValidNanpNumber(digits: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) && digits.slice(1, 3) !== '11';
}

/** A number read by the numbering plans (libphonenumber): its E.164 form, its country, and whether it can exist. */
export interface PhoneReading {
  readonly e164: string;
  readonly country: string | undefined;
  readonly valid: boolean;
}

/** Reads an international number, or a national one of `country`; undefined when it is no number at all. */
export function readPhoneNumber(phone: string, country?: string): PhoneReading | undefined {
  // Longer input is no phone number, and parsing it would only cost time.
  if (phone.length > 32) return undefined;
  const parsed = parsePhoneNumberFromString(phone, country?.toUpperCase() as CountryCode | undefined);
  return parsed && { e164: parsed.number, country: parsed.country, valid: parsed.isValid() };
}

// --- visible text ---------------------------------------------------------------------------

/**
 * Unicode format (Cf) and control (Cc) characters: bidi overrides and isolates, zero-width
 * spaces and joiners, tabs, line breaks. In a name or an address they only hide or reorder what
 * a reader sees ("\u202eevil" shows as "live"), so those fields refuse them.
 */
export const INVISIBLE_CHARACTER = /[\p{Cf}\p{Cc}]/u;

export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE_CHARACTER.test(text);
}

// --- US ZIP codes -----------------------------------------------------------------------------

/** A ZIP as a US address carries it: 5 digits, or ZIP+4 with its hyphen. */
export const US_ZIP_CODE = /^\d{5}(?:-\d{4})?$/;

/**
 * The 5-digit ZIP of a value read leniently (`12345`, `12345-6789` or `123456789`), for finding
 * the state a stored ZIP belongs to; undefined when it is not a ZIP.
 */
export function zipFiveOf(zip: string): string | undefined {
  return /^(\d{5})(?:-?\d{4})?$/.exec(zip)?.[1];
}
