/**
 * The rule for each customer field, and the helpers that run rule sets over a JSON object. Every
 * check reports a FieldProblem instead of throwing, so a caller gets all problems at once and odd
 * JSON (numbers, arrays, null) never crashes the service.
 */
import { E164_DIGITS, hasInvisibleCharacters, isAllowedAge, isE164Shaped, isUsPhoneDigits, isValidEmail, MAX_AGE, MIN_AGE, parseIsoDate, US_ZIP_CODE } from '../field-formats.js';
import { type FieldProblem, type FieldReason, type FieldReasonParams, labelOf } from '../field-problems.js';
import { BUSINESS_TYPES, CUSTOMER_TYPES } from './customer.js';
import type { CustomerInput } from './customer.js';
import { isPoBox, US_STATE_CODES } from './us-states.js';

export type Field = keyof CustomerInput;
export type Problems = FieldProblem[];

export interface RuleContext {
  /** YYYY-MM-DD, the day ages are computed on. */
  readonly today: string;
  readonly purpose: 'create' | 'retry' | 'update';
  /** The customer's country: US phones are 10 digits, others E.164. */
  readonly country: string;
}

/** What a rule finds wrong with a value: a field problem without its pointer. */
type Verdict = DistributiveOmit<FieldProblem, 'pointer' | 'resourceId'> | undefined;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** Judges one present (non-blank) value. */
export type Rule = (value: unknown, ctx: RuleContext) => Verdict;

const NONE = {} as Record<string, never>;
export const badFormat = (reason: ParamlessReason): Verdict => ({ code: 'InvalidFormat', reason, params: NONE }) as Verdict;
export const invalid = (reason: ParamlessReason): Verdict => ({ code: 'Invalid', reason, params: NONE }) as Verdict;
type ParamlessReason = { [R in FieldReason]: FieldReasonParams[R] extends Record<string, never> ? R : never }[FieldReason];

/** A string of at most `max` characters, then whatever `more` checks. */
export function text(max: number, more?: (s: string, ctx: RuleContext) => Verdict): Rule {
  return (value, ctx) => {
    if (typeof value !== 'string') return badFormat('NotText');
    // Characters, not UTF-16 units: an emoji is one. A string no longer in units is within bounds.
    if (value.length > max && [...value].length > max) return { code: 'InvalidFormat', reason: 'TooLong', params: { max } };
    return more?.(value, ctx);
  };
}

/** A string matching `pattern`, else refused for `reason`. */
export const matching = (max: number, pattern: RegExp, reason: ParamlessReason = 'Malformed'): Rule =>
  text(max, (s) => (pattern.test(s) ? undefined : badFormat(reason)));

/** Text a person reads as it stands (a name, an address): no invisible characters, then `more`. */
export function visibleText(max: number, more?: (s: string, ctx: RuleContext) => Verdict): Rule {
  return text(max, (s, ctx) => (hasInvisibleCharacters(s) ? badFormat('InvisibleCharacters') : more?.(s, ctx)));
}

const BANNED_CHARACTERS = /[<>="`!?%~${}\\]/;
export const name = (max: number): Rule => visibleText(max, (s) => (BANNED_CHARACTERS.test(s) ? badFormat('BannedCharacters') : undefined));

export const addressLine = visibleText(50, (s) => (isPoBox(s) ? invalid('PoBox') : undefined));
export const city = visibleText(50, (s) => (/\d/.test(s) ? badFormat('HasDigits') : undefined));
export const usState = text(Infinity, (s) => {
  if (!/^[A-Z]{2}$/.test(s)) return badFormat('StateFormat');
  return US_STATE_CODES.has(s) ? undefined : invalid('Malformed');
});
export const zipCode = matching(Infinity, US_ZIP_CODE);
export const countryCode = matching(Infinity, /^[A-Z]{2}$/, 'CountryCode');

export const oneOf = (values: readonly string[]): Rule =>
  text(Infinity, (s) => (values.includes(s) ? undefined : { code: 'Invalid', reason: 'NotOneOf', params: { values } }));

export const dateOfBirth = text(Infinity, (s, ctx) => {
  const birth = parseIsoDate(s);
  if (birth === undefined) return { code: 'InvalidFormat', reason: 'DateFormat', params: { format: 'YYYY-MM-DD' } };
  return isAllowedAge(birth, ctx.today) ? undefined : { code: 'Invalid', reason: 'AgeRange', params: { min: MIN_AGE, max: MAX_AGE } };
});

export const ssn = text(Infinity, (s, ctx) => {
  if (!/^(?:\d{4}|\d{9})$/.test(s)) return badFormat('SsnDigits');
  // A retry is the customer's last chance, so it has to carry everything (Dwolla's rule too).
  return ctx.purpose === 'retry' && s.length !== 9 ? invalid('FullSsnOnRetry') : undefined;
});

const phone = text(Infinity, (s, ctx) => {
  if (ctx.country === 'US') return isUsPhoneDigits(s) ? undefined : badFormat('UsPhone');
  return isE164Shaped(s) ? undefined : { code: 'InvalidFormat', reason: 'E164Phone', params: E164_DIGITS };
});

const email = text(254, (s) => (isValidEmail(s) ? undefined : badFormat('Malformed')));

function isHttpUrl(s: string): boolean {
  // The URL parser forgives "http:example.com" and stray spaces; a website link should not need that.
  if (!/^https?:\/\/\S+$/i.test(s)) return false;
  try {
    return new URL(s).hostname !== '';
  } catch {
    return false;
  }
}
const website = text(2048, (s) => (isHttpUrl(s) ? undefined : badFormat('HttpUrl')));

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
const ipAddress = text(45, (s) => (isIpAddress(s) ? undefined : badFormat('IpAddress')));
/** The rules for every top-level field but `controller`, in the order problems are reported. */
export const FIELD_RULES: Readonly<Record<Exclude<Field, 'controller'>, Rule>> = {
  type: oneOf(CUSTOMER_TYPES),
  firstName: name(50), lastName: name(50), email, phone, dateOfBirth,
  address1: addressLine, address2: addressLine, city, state: usState, postalCode: zipCode, country: countryCode,
  ssn, ipAddress,
  businessName: name(255), businessType: oneOf(BUSINESS_TYPES), businessClassification: matching(100, /^[A-Za-z0-9-]+$/),
  ein: text(Infinity, (s) => (/^\d{9}$/.test(s) ? undefined : { code: 'InvalidFormat', reason: 'Digits', params: { count: 9 } })), doingBusinessAs: name(255), website,
  externalReference: matching(255, /^[A-Za-z0-9._-]+$/, 'ReferenceCharacters'),
  company: visibleText(255), comment: text(1000),
};

export const CUSTOMER_FIELDS: readonly Field[] = [...(Object.keys(FIELD_RULES) as Field[]), 'controller'];
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(CUSTOMER_FIELDS);

// --- helpers shared by normalisation and validation ------------------------------------------

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Absent, null and whitespace-only strings all mean "not given". */
export const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
export const pointerOf = (...path: string[]): string => path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
export { labelOf };

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
export const requiredProblem = (pointer: string): FieldProblem => ({ pointer, code: 'Required', reason: 'Required', params: {} });

/** Runs `rules` over an object's fields: blank required ones are Required, present ones are judged. */
export function checkFields(obj: Json, base: string[], rules: Readonly<Record<string, Rule>>, required: readonly string[], ctx: RuleContext, out: Problems): void {
  for (const key in rules) {
    const rule = rules[key] as Rule;
    if (isBlank(obj[key])) {
      if (required.includes(key)) out.push(requiredProblem(namesOf(base, key).pointer));
      continue;
    }
    const verdict = rule(obj[key], ctx);
    if (verdict) out.push({ pointer: namesOf(base, key).pointer, ...verdict });
  }
}
