/**
 * The rule for each customer field, and the helpers that run rule sets over a JSON object. Every
 * check reports a FieldProblem instead of throwing, so a caller gets all problems at once and odd
 * JSON (numbers, arrays, null) never crashes the service.
 */
import type { FieldProblem } from '../errors.js';
import { BUSINESS_TYPES, CUSTOMER_TYPES } from './customer.js';
import type { CustomerInput } from './customer.js';
import { isPoBox, US_STATE_CODES, US_ZIP_CODE } from './us-states.js';

export type Field = keyof CustomerInput;
export type Problems = FieldProblem[];

export interface RuleContext {
  /** YYYY-MM-DD, the day ages are computed on. */
  readonly today: string;
  readonly purpose: 'create' | 'retry' | 'update';
  /** The customer's country: US phones are 10 digits, others E.164. */
  readonly country: string;
}

type Verdict = { readonly code: 'InvalidFormat' | 'Invalid'; readonly detail: string } | undefined;
/** Judges one present (non-blank) value; `label` is the Dwolla-style field name, e.g. "FirstName". */
export type Rule = (value: unknown, label: string, ctx: RuleContext) => Verdict;

export const badFormat = (detail: string): Verdict => ({ code: 'InvalidFormat', detail });
export const invalid = (detail: string): Verdict => ({ code: 'Invalid', detail });

/** A string of at most `max` characters, then whatever `more` checks. */
export function text(max: number, more?: (s: string, label: string, ctx: RuleContext) => Verdict): Rule {
  return (value, label, ctx) => {
    if (typeof value !== 'string') return badFormat(`${label} must be a string.`);
    // Characters, not UTF-16 units: an emoji is one. A string no longer in units is within bounds.
    if (value.length > max && [...value].length > max) return badFormat(`${label} must be ${max} or fewer characters.`);
    return more?.(value, label, ctx);
  };
}

export const matching = (max: number, pattern: RegExp, what = 'invalid'): Rule =>
  text(max, (s, label) => (pattern.test(s) ? undefined : badFormat(`${label} ${what}.`)));

const BANNED_CHARACTERS = /[<>="`!?%~${}\\]/;
export const name = (max: number): Rule =>
  text(max, (s, label) =>
    BANNED_CHARACTERS.test(s) ? badFormat(`${label} must not contain any of < > = " \` ! ? % ~ $ { } \\.`) : undefined,
  );

export const addressLine = text(50, (s, label) => (isPoBox(s) ? invalid(`${label} cannot be a PO Box.`) : undefined));
export const city = text(50, (s, label) => (/\d/.test(s) ? badFormat(`${label} must not contain digits.`) : undefined));
export const usState = text(Infinity, (s, label) => {
  if (!/^[A-Z]{2}$/.test(s)) return badFormat(`${label} must be a two-letter US state code.`);
  return US_STATE_CODES.has(s) ? undefined : invalid(`${label} invalid.`);
});
export const zipCode = matching(Infinity, US_ZIP_CODE);
export const countryCode = matching(Infinity, /^[A-Z]{2}$/, 'must be a two-letter ISO 3166-1 country code');

export const oneOf = (values: readonly string[]): Rule =>
  text(Infinity, (s, label) => (values.includes(s) ? undefined : invalid(`${label} must be one of: ${values.join(', ')}.`)));

function isCalendarDate(iso: string): boolean {
  const [y = 0, m = 0, d = 0] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whole years from `birth` to `today`; a 29 February birthday comes round on 1 March. */
function ageOn(birth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}

export const dateOfBirth = text(Infinity, (s, label, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || !isCalendarDate(s)) return badFormat(`${label} must be a date in YYYY-MM-DD format.`);
  const age = ageOn(s, ctx.today);
  return age >= 18 && age <= 125 ? undefined : invalid(`${label} value not allowed: age must be between 18 and 125.`);
});

export const ssn = text(Infinity, (s, label, ctx) => {
  if (!/^(?:\d{4}|\d{9})$/.test(s)) return badFormat(`${label} invalid: give the last 4 or all 9 digits.`);
  // A retry is the customer's last chance, so it has to carry everything (Dwolla's rule too).
  return ctx.purpose === 'retry' && s.length !== 9 ? invalid('Full 9-digit SSN required on retry.') : undefined;
});

const phone = text(Infinity, (s, label, ctx) => {
  if (ctx.country === 'US') return /^\d{10}$/.test(s) ? undefined : badFormat(`${label} must be a 10-digit US number.`);
  return /^\+\d{8,15}$/.test(s) ? undefined : badFormat(`${label} must be an E.164 number: + and 8 to 15 digits.`);
});

const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;
const email = matching(254, EMAIL);

/** Whether an address passes the customer records' email rule (for lookups by email alone). */
export function isWellFormedEmail(value: string): boolean {
  return email(value, 'Email', { today: '1970-01-01', purpose: 'create', country: 'US' }) === undefined;
}

function isHttpUrl(s: string): boolean {
  // The URL parser forgives "http:example.com" and stray spaces; a website link should not need that.
  if (!/^https?:\/\/\S+$/i.test(s)) return false;
  try {
    return new URL(s).hostname !== '';
  } catch {
    return false;
  }
}
const website = text(2048, (s, label) => (isHttpUrl(s) ? undefined : badFormat(`${label} must be an absolute http(s) URL.`)));

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIpAddress(s: string): boolean {
  if (IPV4.test(s)) return true;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  const tail = halves.at(-1) === '' ? undefined : groups.at(-1);
  const embedsIpv4 = tail !== undefined && IPV4.test(tail);
  const hex = embedsIpv4 ? groups.slice(0, -1) : groups;
  if (!hex.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  const count = hex.length + (embedsIpv4 ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}
const ipAddress = text(45, (s, label) => (isIpAddress(s) ? undefined : badFormat(`${label} must be an IPv4 or IPv6 address.`)));

/** The rules for every top-level field but `controller`, in the order problems are reported. */
export const FIELD_RULES: Readonly<Record<Exclude<Field, 'controller'>, Rule>> = {
  type: oneOf(CUSTOMER_TYPES),
  firstName: name(50), lastName: name(50), email, phone, dateOfBirth,
  address1: addressLine, address2: addressLine, city, state: usState, postalCode: zipCode, country: countryCode,
  ssn, ipAddress,
  businessName: name(255), businessType: oneOf(BUSINESS_TYPES), businessClassification: matching(100, /^[A-Za-z0-9-]+$/),
  ein: matching(Infinity, /^\d{9}$/, 'must be 9 digits'), doingBusinessAs: name(255), website,
  externalReference: matching(255, /^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, ".", "_" and "-"'),
  company: text(255), comment: text(1000),
};

export const CUSTOMER_FIELDS: readonly Field[] = [...(Object.keys(FIELD_RULES) as Field[]), 'controller'];
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(CUSTOMER_FIELDS);

// --- helpers shared by normalisation and validation ------------------------------------------

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Absent, null and whitespace-only strings all mean "not given". */
export const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
export const pointerOf = (...path: string[]): string => path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
export const labelOf = (pointer: string): string =>
  pointer.split('/').slice(1).map((key) => key.charAt(0).toUpperCase() + key.slice(1)).join('.');

/** Pointer and label of each field of a rule set, worked out once: checkFields runs on every write. */
const fieldNames = new Map<string, { readonly pointer: string; readonly label: string }>();
export function namesOf(base: readonly string[], key: string) {
  const cacheKey = `${base.join('\u0000')}\u0000${key}`;
  let names = fieldNames.get(cacheKey);
  if (names === undefined) {
    const pointer = pointerOf(...base, key);
    names = { pointer, label: labelOf(pointer) };
    // Only rule-set keys come here, so the map stays small.
    fieldNames.set(cacheKey, names);
  }
  return names;
}
export const requiredProblem = (pointer: string): FieldProblem => ({ pointer, code: 'Required', detail: `${labelOf(pointer)} required.` });

/** Runs `rules` over an object's fields: blank required ones are Required, present ones are judged. */
export function checkFields(obj: Json, base: string[], rules: Readonly<Record<string, Rule>>, required: readonly string[], ctx: RuleContext, out: Problems): void {
  for (const key in rules) {
    const rule = rules[key] as Rule;
    if (isBlank(obj[key])) {
      if (required.includes(key)) out.push(requiredProblem(namesOf(base, key).pointer));
      continue;
    }
    const { pointer, label } = namesOf(base, key);
    const verdict = rule(obj[key], label, ctx);
    if (verdict) out.push({ pointer, ...verdict });
  }
}
