/**
 * The identity fields the rules verifier reads, picked out of a customer's input and normalised.
 * The verifier reads nothing else, so two inputs with the same fields (hence the same
 * fingerprint) always get the same result for the same attempt, mode and day.
 */
import type { CustomerInput } from '../customer/customer.js';

/**
 * Whose identity is checked: a person (personal, and the other types should they be sent); a
 * sole proprietorship (the proprietor, plus business name and optional EIN); or a business with
 * a controller (llc, corporation, partnership, or no business type but a controller).
 */
export type IdentityKind = 'personal' | 'soleProprietorship' | 'controlledBusiness';

export interface UsAddressFields {
  readonly state?: string;
  readonly postalCode?: string;
}

export interface ControllerFields {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly dateOfBirth?: string;
  readonly ssn?: string;
  /** Read only when there is no SSN. */
  readonly passport?: { readonly number?: string; readonly country?: string };
  /** `country` defaults to US; state and postal code are read only for US addresses. */
  readonly address: UsAddressFields & { readonly country: string };
}

export interface IdentityFields {
  readonly kind: IdentityKind;
  /** Names are lowercased: every rule about them ignores case. */
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly phone?: string;
  /** The person's own; absent for a controlled business. */
  readonly dateOfBirth?: string;
  readonly ssn?: string;
  readonly address: UsAddressFields;
  /** Businesses only. */
  readonly businessName?: string;
  readonly ein?: string;
  /** Controlled businesses only. */
  readonly controller?: ControllerFields;
}

/** Trimmed, NFC, inner whitespace collapsed; empty and non-strings become undefined. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  return cleaned === '' ? undefined : cleaned;
}

const lower = (value: unknown): string | undefined => text(value)?.toLowerCase();
const upper = (value: unknown): string | undefined => text(value)?.toUpperCase();
const compact = (value: unknown): string | undefined => text(value)?.replace(/[\s().-]/g, '') || undefined;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function kindOf(input: CustomerInput): IdentityKind {
  if (input.type !== 'business') return 'personal';
  if (input.businessType === 'soleProprietorship') return 'soleProprietorship';
  if (input.businessType === undefined && record(input.controller) === undefined) return 'soleProprietorship';
  return 'controlledBusiness';
}

function controllerFields(value: unknown): ControllerFields | undefined {
  const controller = record(value);
  if (controller === undefined) return undefined;
  const address = record(controller['address']) ?? {};
  const country = upper(address['country']) ?? 'US';
  const ssn = compact(controller['ssn']);
  const passport = record(controller['passport']);
  return {
    firstName: lower(controller['firstName']),
    lastName: lower(controller['lastName']),
    dateOfBirth: text(controller['dateOfBirth']),
    ssn,
    passport:
      ssn === undefined && passport !== undefined
        ? { number: compact(passport['number'])?.toUpperCase(), country: upper(passport['country']) }
        : undefined,
    address:
      country === 'US'
        ? { country, state: upper(address['stateProvinceRegion']), postalCode: text(address['postalCode']) }
        : { country },
  };
}

/** Picks and normalises what the verifier reads; never throws, whatever the input holds. */
export function identityFields(input: CustomerInput): IdentityFields {
  const source: CustomerInput = record(input) ?? {};
  const kind = kindOf(source);
  const person = kind !== 'controlledBusiness';
  return {
    kind,
    firstName: lower(source.firstName),
    lastName: lower(source.lastName),
    email: lower(source.email),
    phone: compact(source.phone),
    dateOfBirth: person ? text(source.dateOfBirth) : undefined,
    ssn: person ? compact(source.ssn) : undefined,
    address: { state: upper(source.state), postalCode: text(source.postalCode) },
    businessName: kind === 'personal' ? undefined : lower(source.businessName),
    ein: kind === 'personal' ? undefined : compact(source.ein),
    controller: kind === 'controlledBusiness' ? controllerFields(source.controller) : undefined,
  };
}

/** JSON with keys sorted at every level and undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const object = record(value);
  if (object === undefined) return JSON.stringify(value) ?? 'null';
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * A canonical, stable serialisation of exactly the identity fields the rules verifier reads,
 * normalised as it reads them; hash it to tell whether a resubmission carries new data.
 * It holds SSNs and dates of birth in clear: hash it (keyed) before storing it.
 */
export function fingerprintFields(input: CustomerInput): string {
  return canonicalJson(identityFields(input));
}
