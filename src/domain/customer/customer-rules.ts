/**
 * Field rules for customer input: normalisation, create/retry validation and info updates.
 * Every check reports a FieldProblem instead of throwing, so a caller gets all problems at once
 * and odd JSON (numbers, arrays, null) never crashes the service.
 */
import type { FieldProblem } from '../errors.js';
import { BUSINESS_TYPES, CUSTOMER_TYPES } from './customer.js';
import type { CustomerInput, CustomerStatus, CustomerType } from './customer.js';
import { isPoBox, US_STATE_CODES, US_ZIP_CODE } from './us-states.js';

export { isPoBox, US_STATE_CODES } from './us-states.js';

type Field = keyof CustomerInput;
type Problems = FieldProblem[];

interface RuleContext {
  /** YYYY-MM-DD, the day ages are computed on. */
  readonly today: string;
  readonly purpose: 'create' | 'retry' | 'update';
  /** The customer's country: US phones are 10 digits, others E.164. */
  readonly country: string;
}

type Verdict = { readonly code: 'InvalidFormat' | 'Invalid'; readonly detail: string } | undefined;
/** Judges one present (non-blank) value; `label` is the Dwolla-style field name, e.g. "FirstName". */
type Rule = (value: unknown, label: string, ctx: RuleContext) => Verdict;

const badFormat = (detail: string): Verdict => ({ code: 'InvalidFormat', detail });
const invalid = (detail: string): Verdict => ({ code: 'Invalid', detail });

/** A string of at most `max` characters, then whatever `more` checks. */
function text(max: number, more?: (s: string, label: string, ctx: RuleContext) => Verdict): Rule {
  return (value, label, ctx) => {
    if (typeof value !== 'string') return badFormat(`${label} must be a string.`);
    // Characters, not UTF-16 units: an emoji is one. A string no longer in units is within bounds.
    if (value.length > max && [...value].length > max) return badFormat(`${label} must be ${max} or fewer characters.`);
    return more?.(value, label, ctx);
  };
}

const matching = (max: number, pattern: RegExp, what = 'invalid'): Rule =>
  text(max, (s, label) => (pattern.test(s) ? undefined : badFormat(`${label} ${what}.`)));

const BANNED_CHARACTERS = /[<>="`!?%~${}\\]/;
const name = (max: number): Rule =>
  text(max, (s, label) =>
    BANNED_CHARACTERS.test(s) ? badFormat(`${label} must not contain any of < > = " \` ! ? % ~ $ { } \\.`) : undefined,
  );

const addressLine = text(50, (s, label) => (isPoBox(s) ? invalid(`${label} cannot be a PO Box.`) : undefined));
const city = text(50, (s, label) => (/\d/.test(s) ? badFormat(`${label} must not contain digits.`) : undefined));
const usState = text(Infinity, (s, label) => {
  if (!/^[A-Z]{2}$/.test(s)) return badFormat(`${label} must be a two-letter US state code.`);
  return US_STATE_CODES.has(s) ? undefined : invalid(`${label} invalid.`);
});
const zipCode = matching(Infinity, US_ZIP_CODE);
const countryCode = matching(Infinity, /^[A-Z]{2}$/, 'must be a two-letter ISO 3166-1 country code');

const oneOf = (values: readonly string[]): Rule =>
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

const dateOfBirth = text(Infinity, (s, label, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || !isCalendarDate(s)) return badFormat(`${label} must be a date in YYYY-MM-DD format.`);
  const age = ageOn(s, ctx.today);
  return age >= 18 && age <= 125 ? undefined : invalid(`${label} value not allowed: age must be between 18 and 125.`);
});

const ssn = text(Infinity, (s, label, ctx) => {
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
const FIELD_RULES: Readonly<Record<Exclude<Field, 'controller'>, Rule>> = {
  type: oneOf(CUSTOMER_TYPES),
  firstName: name(50), lastName: name(50), email, phone, dateOfBirth,
  address1: addressLine, address2: addressLine, city, state: usState, postalCode: zipCode, country: countryCode,
  ssn, ipAddress,
  businessName: name(255), businessType: oneOf(BUSINESS_TYPES), businessClassification: matching(100, /^[A-Za-z0-9-]+$/),
  ein: matching(Infinity, /^\d{9}$/, 'must be 9 digits'), doingBusinessAs: name(255), website,
  externalReference: matching(255, /^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, ".", "_" and "-"'),
  company: text(255), comment: text(1000),
};

const CUSTOMER_FIELDS: readonly Field[] = [...(Object.keys(FIELD_RULES) as Field[]), 'controller'];
const KNOWN_FIELDS: ReadonlySet<string> = new Set(CUSTOMER_FIELDS);

// --- helpers shared by normalisation and validation ------------------------------------------

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Absent, null and whitespace-only strings all mean "not given". */
const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const pointerOf = (...path: string[]): string => path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
const labelOf = (pointer: string): string =>
  pointer.split('/').slice(1).map((key) => key.charAt(0).toUpperCase() + key.slice(1)).join('.');

/** Pointer and label of each field of a rule set, worked out once: checkFields runs on every write. */
const fieldNames = new Map<string, { readonly pointer: string; readonly label: string }>();
function namesOf(base: readonly string[], key: string) {
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
const requiredProblem = (pointer: string): FieldProblem => ({ pointer, code: 'Required', detail: `${labelOf(pointer)} required.` });

/** Runs `rules` over an object's fields: blank required ones are Required, present ones are judged. */
function checkFields(obj: Json, base: string[], rules: Readonly<Record<string, Rule>>, required: readonly string[], ctx: RuleContext, out: Problems): void {
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

// --- normalisation ---------------------------------------------------------------------------

const stripSeparators = (s: string): string => s.replace(/[\s().-]/g, '');

function normalizePhone(s: string, country: string): string {
  const compact = stripSeparators(s);
  if (country !== 'US') return compact;
  if (compact.startsWith('+1')) return compact.slice(2);
  return /^1\d{10}$/.test(compact) ? compact.slice(1) : compact;
}

const STRING_NORMALIZERS: Partial<Record<Field, (s: string, country: string) => string>> = {
  ssn: (s) => s.replace(/[\s-]/g, ''),
  ein: (s) => s.replace(/[\s-]/g, ''),
  phone: normalizePhone,
  state: (s) => s.toUpperCase(),
  country: (s) => s.toUpperCase(),
};

const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);

function normalizeField(field: Field, value: unknown, country: string): unknown {
  if (field === 'controller') return normalizeController(value);
  if (typeof value !== 'string') return value;
  return STRING_NORMALIZERS[field]?.(value.trim(), country) ?? value.trim();
}

/** Drops blank entries so that "" reads as "not given". */
function compact(obj: Json): Json {
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => !isBlank(value)));
}

function normalizeController(value: unknown): unknown {
  if (!isObject(value)) return value;
  const { address, passport } = value;
  let normalizedAddress = address;
  if (isObject(address)) {
    const country = upper(address.country);
    const names = ['address1', 'address2', 'address3', 'city', 'postalCode'];
    normalizedAddress = compact({
      ...Object.fromEntries(names.map((key) => [key, trimmed(address[key])])),
      // Region names abroad keep their spelling; only US state codes are upper-cased.
      stateProvinceRegion: country === 'US' ? upper(address.stateProvinceRegion) : trimmed(address.stateProvinceRegion),
      country,
    });
  }
  return compact({
    firstName: trimmed(value.firstName),
    lastName: trimmed(value.lastName),
    title: trimmed(value.title),
    dateOfBirth: trimmed(value.dateOfBirth),
    address: normalizedAddress,
    ssn: typeof value.ssn === 'string' ? value.ssn.replace(/[\s-]/g, '') : value.ssn,
    passport: isObject(passport) ? compact({ number: trimmed(passport.number), country: upper(passport.country) }) : passport,
  });
}

const countryOf = (value: unknown): string => (typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : 'US');

/**
 * Trims every string, reads "" as absent, reduces SSN/EIN to digits and US phones to 10 digits,
 * upper-cases state and country codes, and drops unknown fields. Values of the wrong JSON type are
 * kept as they are for validateCustomerInput to report.
 */
export function normalizeCustomerInput(input: CustomerInput): CustomerInput {
  if (!isObject(input)) return input;
  const country = countryOf(input.country);
  const out: Json = {};
  for (const field of CUSTOMER_FIELDS) {
    const value = normalizeField(field, input[field], country);
    if (!isBlank(value)) out[field] = value;
  }
  return out as CustomerInput;
}

/**
 * normalizeCustomerInput for an info update: blank values (null, "", spaces) become "" because
 * on update they mean "clear this field"; unknown fields are kept for validateCustomerUpdate to
 * refuse. `country` is the customer's, which decides how a phone number is read.
 */
export function normalizeCustomerUpdate(changes: Record<string, unknown>, country?: string): Record<string, unknown> {
  if (!isObject(changes)) return changes;
  const phoneCountry = countryOf(country);
  return Object.fromEntries(
    Object.entries(changes).map(([key, value]) => {
      if (isBlank(value)) return [key, ''];
      return [key, KNOWN_FIELDS.has(key) ? normalizeField(key as Field, value, phoneCountry) : value];
    }),
  );
}

// --- create / retry --------------------------------------------------------------------------

interface Variant {
  readonly required: readonly Field[];
  readonly notAllowed: readonly Field[];
  /** Plural, for "Controller not allowed for personal customers." */
  readonly who: string;
}

const BASE_REQUIRED: readonly Field[] = ['firstName', 'lastName', 'email'];
const US_ADDRESS: readonly Field[] = ['address1', 'city', 'state', 'postalCode'];
const BUSINESS_ONLY: readonly Field[] = ['businessType', 'businessClassification', 'ein', 'doingBusinessAs', 'website', 'controller'];
const VERIFIED_ONLY: readonly Field[] = ['address1', 'address2', 'city', 'state', 'postalCode', 'dateOfBirth', 'ssn'];
const BUSINESS_REQUIRED: readonly Field[] = [...BASE_REQUIRED, ...US_ADDRESS, 'businessName', 'businessType', 'businessClassification'];

/**
 * How a door onto Verity relaxes the create rules, for providers that know less about a customer:
 * 10npay registers a user by email alone, Delos by name alone, and Veratad proves identities by
 * documents rather than by SSN.
 */
export interface CreateRules {
  /** The fields an unverified or receive-only customer must carry; firstName, lastName and email by default. */
  readonly required?: readonly ('firstName' | 'lastName' | 'email' | 'businessName')[];
  /** The identity is proven by documents: a personal customer needs no SSN (the verifier then asks for documents). */
  readonly ssnOptional?: boolean;
}

/** What a customer of this type (and business type) must and must not carry. */
function variantOf(type: unknown, businessType: unknown, rules: CreateRules = {}): Variant {
  if (isBlank(type) || type === 'unverified' || type === 'receive-only') {
    return { required: rules.required ?? BASE_REQUIRED, notAllowed: [...VERIFIED_ONLY, ...BUSINESS_ONLY], who: `${isBlank(type) ? 'unverified' : type} customers` };
  }
  if (type === 'personal') {
    const identity: readonly Field[] = rules.ssnOptional ? ['dateOfBirth'] : ['dateOfBirth', 'ssn'];
    return { required: [...BASE_REQUIRED, ...US_ADDRESS, ...identity], notAllowed: ['businessName', ...BUSINESS_ONLY], who: 'personal customers' };
  }
  if (type !== 'business') return { required: BASE_REQUIRED, notAllowed: [], who: '' };
  if (businessType === 'soleProprietorship') {
    return { required: [...BUSINESS_REQUIRED, 'dateOfBirth', 'ssn'], notAllowed: ['controller'], who: 'soleProprietorship businesses' };
  }
  if (typeof businessType === 'string' && (BUSINESS_TYPES as readonly string[]).includes(businessType)) {
    // The controller carries the personal identifiers of a company, not the company itself.
    return { required: [...BUSINESS_REQUIRED, 'ein', 'controller'], notAllowed: ['dateOfBirth', 'ssn'], who: `${businessType} businesses` };
  }
  // Without a usable businessType the controller/ein/ssn requirements cannot be told apart.
  return { required: BUSINESS_REQUIRED, notAllowed: [], who: '' };
}

const CONTROLLER_RULES: Readonly<Record<string, Rule>> = { firstName: name(50), lastName: name(50), title: text(100), dateOfBirth };

function checkController(controller: unknown, ctx: RuleContext, out: Problems): void {
  if (!isObject(controller)) {
    out.push({ pointer: '/controller', code: 'InvalidFormat', detail: 'Controller must be an object.' });
    return;
  }
  checkFields(controller, ['controller'], CONTROLLER_RULES, Object.keys(CONTROLLER_RULES), ctx, out);
  const { address, passport } = controller;
  const isUs = isObject(address) && address.country === 'US';
  if (isBlank(address)) out.push(requiredProblem('/controller/address'));
  else if (!isObject(address)) out.push({ pointer: '/controller/address', code: 'InvalidFormat', detail: 'Controller.Address must be an object.' });
  else {
    const rules = { address1: addressLine, address2: addressLine, address3: addressLine, city, stateProvinceRegion: isUs ? usState : text(50), postalCode: isUs ? zipCode : text(20), country: countryCode };
    checkFields(address, ['controller', 'address'], rules, ['address1', 'city', 'stateProvinceRegion', 'country', ...(isUs ? ['postalCode'] : [])], ctx, out);
  }
  const hasSsn = !isBlank(controller.ssn);
  const hasPassport = !isBlank(passport);
  if (!hasSsn && !hasPassport) {
    const pointer = isUs || !isObject(address) ? '/controller/ssn' : '/controller/passport';
    out.push({ pointer, code: 'Required', detail: 'Controller.Ssn (US persons) or Controller.Passport required.' });
  }
  if (hasSsn) checkFields(controller, ['controller'], { ssn }, [], ctx, out);
  if (hasSsn && hasPassport) {
    out.push({ pointer: '/controller/passport', code: 'NotAllowed', detail: 'Controller.Passport not allowed together with Controller.Ssn.' });
  } else if (hasPassport && !isObject(passport)) {
    out.push({ pointer: '/controller/passport', code: 'InvalidFormat', detail: 'Controller.Passport must be an object.' });
  } else if (isObject(passport)) {
    checkFields(passport, ['controller', 'passport'], { number: text(255), country: countryCode }, ['number', 'country'], ctx, out);
  }
}

/**
 * All the problems with a normalised create (or retry) payload, in field order; empty when valid.
 * `today` (YYYY-MM-DD) is the day ages are computed on.
 */
export function validateCustomerInput(input: CustomerInput, options: { today: string; purpose: 'create' | 'retry'; rules?: CreateRules }): FieldProblem[] {
  if (!isObject(input)) return [{ pointer: '', code: 'InvalidFormat', detail: 'The customer must be a JSON object.' }];
  const fields: Json = input;
  const variant = variantOf(fields.type, fields.businessType, options.rules);
  const ctx: RuleContext = { today: options.today, purpose: options.purpose, country: countryOf(fields.country) };
  const out: Problems = [];
  for (const field of CUSTOMER_FIELDS) {
    const value = fields[field];
    if (isBlank(value)) {
      if (variant.required.includes(field)) out.push(requiredProblem(namesOf([], field).pointer));
    } else if (variant.notAllowed.includes(field)) {
      const { pointer, label } = namesOf([], field);
      out.push({ pointer, code: 'NotAllowed', detail: `${label} not allowed for ${variant.who}.` });
    } else if (field === 'controller') {
      checkController(value, ctx, out);
    } else {
      const { pointer, label } = namesOf([], field);
      const verdict = FIELD_RULES[field](value, label, ctx);
      if (verdict) out.push({ pointer, ...verdict });
    }
  }
  return out;
}

// --- info update -----------------------------------------------------------------------------

const ALWAYS_UPDATABLE: readonly Field[] = ['externalReference', 'company', 'comment'];
const BASIC_UPDATABLE: readonly Field[] = ['firstName', 'lastName', 'email', 'businessName', 'phone', ...ALWAYS_UPDATABLE];
const VERIFIED_UPDATABLE: readonly Field[] = ['email', 'ipAddress', 'address1', 'address2', 'city', 'state', 'postalCode', 'phone', ...ALWAYS_UPDATABLE];

/** The fields a plain info update may change, by customer type. */
export const UPDATABLE_FIELDS: Readonly<Record<CustomerType, readonly Field[]>> = {
  unverified: BASIC_UPDATABLE,
  'receive-only': BASIC_UPDATABLE,
  personal: VERIFIED_UPDATABLE,
  business: [...VERIFIED_UPDATABLE, 'doingBusinessAs', 'website'],
};

/** Fields that may be changed but not cleared: every customer of that type must have them. */
const UNCLEARABLE: ReadonlySet<Field> = new Set<Field>([...BASE_REQUIRED, ...US_ADDRESS]);

/**
 * Problems with an info update (not an upgrade, retry or status action), given the normalised
 * `changes` (see normalizeCustomerUpdate; "" clears an optional field). `country` is the
 * customer's, for reading the phone number; absent means US.
 */
export function validateCustomerUpdate(
  current: { type: CustomerType; status: CustomerStatus; country?: string },
  changes: Record<string, unknown>,
): FieldProblem[] {
  if (!isObject(changes)) return [{ pointer: '', code: 'InvalidFormat', detail: 'The changes must be a JSON object.' }];
  const allowed: readonly string[] = UPDATABLE_FIELDS[current.type];
  const ctx: RuleContext = { today: '', purpose: 'update', country: countryOf(current.country) };
  const article = /^[aeiou]/.test(current.type) ? 'an' : 'a';
  const out: Problems = [];
  for (const key of Object.keys(changes)) {
    const pointer = pointerOf(key);
    if (!allowed.includes(key)) {
      out.push(
        KNOWN_FIELDS.has(key)
          ? { pointer, code: 'ReadOnly', detail: `${labelOf(pointer)} cannot be changed for ${article} ${current.type} customer.` }
          : { pointer, code: 'NotAllowed', detail: `${key} is not a customer field.` },
      );
    } else {
      const field = key as Exclude<Field, 'controller'>;
      checkFields(changes, [], { [field]: FIELD_RULES[field] }, UNCLEARABLE.has(field) ? [field] : [], ctx, out);
    }
  }
  return out;
}

/**
 * Whether a customer in this state may have its info updated at all: Dwolla refuses while a
 * customer is suspended or awaiting documents, and a closed customer is final.
 */
export function canUpdateInfo(current: { type: CustomerType; status: CustomerStatus }): boolean {
  return !['suspended', 'document', 'closed'].includes(current.status);
}
