/** Customer input made canonical before it is judged: trimmed, blanks as absent, numbers reduced to digits. */
import type { CustomerInput } from './customer.js';
import { CUSTOMER_FIELDS, type Field, isBlank, isObject, type Json, KNOWN_FIELDS } from './customer-field-rules.js';

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

export const countryOf = (value: unknown): string => (typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : 'US');

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
