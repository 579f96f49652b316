import type { Customer, CustomerInput } from '../../domain/customer/customer.js';
import { isoDateOf, isValidEmail, parseCompactDate } from '../../domain/field-formats.js';
import { ValidationError } from '../../domain/errors.js';
import type { StorageBody, TargetInput, TargetOutput } from './schemas.js';
import { namedProblem } from '../../domain/field-problems.js';

/** Veratad's target attributes and the customer fields they are stored in. */
export const TARGET_FIELDS = {
  fn: 'firstName',
  ln: 'lastName',
  addr: 'address1',
  city: 'city',
  state: 'state',
  zip: 'postalCode',
  dob: 'dateOfBirth',
  email: 'email',
  phone: 'phone',
} as const satisfies Record<string, keyof CustomerInput>;

/** The attributes that make a customer's identity: given any of them, it is proven by documents. */
const IDENTITY: readonly (keyof TargetInput)[] = ['addr', 'city', 'state', 'zip', 'dob'];

const given = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** The request's target, which every service needs. */
export function requireTarget(body: StorageBody): TargetInput {
  if (!body.target) throw new ValidationError([namedProblem('/target', 'Required', 'target is required.')]);
  return body.target;
}

/** The target's email (the customer's key in Veratad), trimmed and well-formed. */
export function requireEmail(target: TargetInput): string {
  if (!given(target.email)) throw new ValidationError([namedProblem('/target/email', 'Required', 'target.email is required.')]);
  const email = target.email.trim();
  // The rule customer records are held to: an address that could never be stored is invalid, not unknown.
  if (!isValidEmail(email)) {
    throw new ValidationError([namedProblem('/target/email', 'InvalidFormat', 'target.email is invalid.')]);
  }
  return email;
}

/**
 * The customer a createOrUpdateCustomer describes. With any identity attribute it is a personal
 * customer whose identity documents prove (no SSN); with none, an unverified one.
 */
export function customerInput(reference: string | null | undefined, target: TargetInput, email: string): CustomerInput {
  const input: Record<string, string> = { email };
  if (IDENTITY.some((key) => given(target[key] as string | null | undefined))) input.type = 'personal';
  if (given(target.fn)) input.firstName = target.fn;
  if (given(target.ln)) input.lastName = target.ln;
  if (given(target.addr)) input.address1 = target.addr;
  if (given(target.city)) input.city = target.city;
  if (given(target.state)) input.state = target.state;
  if (given(target.zip)) input.postalCode = target.zip;
  if (given(target.dob)) input.dateOfBirth = isoDate(target.dob.trim());
  if (given(target.phone)) input.phone = target.phone;
  if (given(reference)) input.externalReference = reference;
  return input as CustomerInput;
}

/** Veratad's YYYYMMDD as the YYYY-MM-DD customer records use. */
function isoDate(yyyymmdd: string): string {
  const date = parseCompactDate(yyyymmdd);
  if (date === undefined) throw new ValidationError([namedProblem('/target/dob', 'InvalidFormat', 'target.dob must be a date in YYYYMMDD format.')]);
  return isoDateOf(date);
}

/**
 * Every stored target attribute of the customer; `dateOfBirth` is YYYY-MM-DD. Absent ones are
 * undefined, which the answer's serializer leaves out.
 */
export function targetOf(customer: Customer, dateOfBirth: string | undefined): TargetOutput {
  return {
    fn: customer.firstName || undefined,
    ln: customer.lastName || undefined,
    addr: customer.address1,
    city: customer.city,
    state: customer.state,
    zip: customer.postalCode,
    dob: dateOfBirth?.replaceAll('-', ''),
    email: customer.email || undefined,
    phone: customer.phone,
  };
}
