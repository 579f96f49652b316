/**
 * Customer input rules: create/retry validation and info updates, over the field rules of
 * customer-field-rules.ts and the normalisation of customer-normalize.ts.
 */
import type { FieldProblem } from '../errors.js';
import { BUSINESS_TYPES, type CustomerInput, type CustomerStatus, type CustomerType } from './customer.js';
import { countryOf } from './customer-normalize.js';
import {
  addressLine, checkFields, city, countryCode, CUSTOMER_FIELDS, dateOfBirth, type Field, FIELD_RULES, isBlank, isObject, type Json, KNOWN_FIELDS,
  name, namesOf, pointerOf, type Problems, requiredProblem, type Rule, type RuleContext, ssn, text, usState, visibleText, zipCode,
} from './customer-field-rules.js';
import { statedProblem } from '../field-problems.js';

export { isPoBox, US_STATE_CODES } from './us-states.js';
/** Whether an address passes the customer records' email rule (for lookups by email alone). */
export { isValidEmail as isWellFormedEmail } from '../field-formats.js';
export { normalizeCustomerInput, normalizeCustomerUpdate } from './customer-normalize.js';

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
    out.push({ pointer: '/controller', code: 'InvalidFormat', reason: 'NotObject', params: {} });
    return;
  }
  checkFields(controller, ['controller'], CONTROLLER_RULES, Object.keys(CONTROLLER_RULES), ctx, out);
  const { address, passport } = controller;
  const isUs = isObject(address) && address.country === 'US';
  if (isBlank(address)) out.push(requiredProblem('/controller/address'));
  else if (!isObject(address)) out.push({ pointer: '/controller/address', code: 'InvalidFormat', reason: 'NotObject', params: {} });
  else {
    const rules = { address1: addressLine, address2: addressLine, address3: addressLine, city, stateProvinceRegion: isUs ? usState : visibleText(50), postalCode: isUs ? zipCode : visibleText(20), country: countryCode };
    checkFields(address, ['controller', 'address'], rules, ['address1', 'city', 'stateProvinceRegion', 'country', ...(isUs ? ['postalCode'] : [])], ctx, out);
  }
  const hasSsn = !isBlank(controller.ssn);
  const hasPassport = !isBlank(passport);
  if (!hasSsn && !hasPassport) {
    const pointer = isUs || !isObject(address) ? '/controller/ssn' : '/controller/passport';
    out.push(statedProblem(pointer, 'Required', 'Controller.Ssn (US persons) or Controller.Passport required.'));
  }
  if (hasSsn) checkFields(controller, ['controller'], { ssn }, [], ctx, out);
  if (hasSsn && hasPassport) {
    out.push(statedProblem('/controller/passport', 'NotAllowed', 'Controller.Passport not allowed together with Controller.Ssn.'));
  } else if (hasPassport && !isObject(passport)) {
    out.push({ pointer: '/controller/passport', code: 'InvalidFormat', reason: 'NotObject', params: {} });
  } else if (isObject(passport)) {
    checkFields(passport, ['controller', 'passport'], { number: text(255), country: countryCode }, ['number', 'country'], ctx, out);
  }
}

/**
 * All the problems with a normalised create (or retry) payload, in field order; empty when valid.
 * `today` (YYYY-MM-DD) is the day ages are computed on.
 */
export function validateCustomerInput(input: CustomerInput, options: { today: string; purpose: 'create' | 'retry'; rules?: CreateRules }): FieldProblem[] {
  if (!isObject(input)) return [statedProblem('', 'InvalidFormat', 'The customer must be a JSON object.')];
  const fields: Json = input;
  const variant = variantOf(fields.type, fields.businessType, options.rules);
  const ctx: RuleContext = { today: options.today, purpose: options.purpose, country: countryOf(fields.country) };
  const out: Problems = [];
  for (const field of CUSTOMER_FIELDS) {
    const value = fields[field];
    if (isBlank(value)) {
      if (variant.required.includes(field)) out.push(requiredProblem(namesOf([], field).pointer));
    } else if (variant.notAllowed.includes(field)) {
      out.push({ pointer: namesOf([], field).pointer, code: 'NotAllowed', reason: 'NotAllowedFor', params: { who: variant.who } });
    } else if (field === 'controller') {
      checkController(value, ctx, out);
    } else {
      const verdict = FIELD_RULES[field](value, ctx);
      if (verdict) out.push({ pointer: namesOf([], field).pointer, ...verdict });
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
const UNCLEARABLE: ReadonlySet<Field> = new Set<Field>([...BASE_REQUIRED, ...US_ADDRESS, 'dateOfBirth']);

/** The fields a personal customer's verification rests on, beside documents and SSN. */
export const IDENTITY_FIELDS = ['firstName', 'lastName', 'dateOfBirth'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Case, spacing and accents of a written name are not a different person. */
const comparable = (value: string | undefined): string => (value ?? '').normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The identity fields whose new value names someone else: a different name (not merely another
 * case, spacing or accent) or date of birth. A verification of the earlier values no longer holds.
 */
export function identityChangedFields(before: Partial<Record<IdentityField, string>>, changes: Partial<Record<IdentityField, unknown>>): IdentityField[] {
  return IDENTITY_FIELDS.filter((field) => {
    const next = changes[field];
    return typeof next === 'string' && comparable(next) !== comparable(before[field]);
  });
}

/**
 * Problems with an info update (not an upgrade, retry or status action), given the normalised
 * `changes` (see normalizeCustomerUpdate; "" clears an optional field). `country` is the
 * customer's, for reading the phone number; absent means US.
 */
export function validateCustomerUpdate(
  current: { type: CustomerType; status: CustomerStatus; country?: string },
  changes: Record<string, unknown>,
  /**
   * A storage door keeps the identity the client sends: a personal customer's names and date of
   * birth may change too (see identityChangedFields for what that does to its status). `today`
   * (YYYY-MM-DD) is the day ages are computed on.
   */
  identity?: { readonly today: string },
): FieldProblem[] {
  if (!isObject(changes)) return [statedProblem('', 'InvalidFormat', 'The changes must be a JSON object.')];
  const allowed: readonly string[] = identity && current.type === 'personal' ? [...UPDATABLE_FIELDS.personal, ...IDENTITY_FIELDS] : UPDATABLE_FIELDS[current.type];
  const ctx: RuleContext = { today: identity?.today ?? '', purpose: 'update', country: countryOf(current.country) };
  const out: Problems = [];
  for (const key of Object.keys(changes)) {
    const pointer = pointerOf(key);
    if (!allowed.includes(key)) {
      out.push(
        KNOWN_FIELDS.has(key)
          ? { pointer, code: 'ReadOnly', reason: 'ReadOnlyFor', params: { type: current.type } }
          : { pointer, code: 'NotAllowed', reason: 'UnknownField', params: { key } },
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
