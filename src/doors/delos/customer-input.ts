import type { Customer, CustomerInput } from '../../domain/customer/customer.js';
import { type FieldProblem, ValidationError } from '../../domain/errors.js';
import { type PhoneReading, readPhoneNumber } from '../../domain/field-formats.js';
import { namedProblem, statedProblem } from '../../domain/field-problems.js';

/** The customer fields of Delos's add and update requests. */
const FIELDS = ['name', 'lastname', 'comment', 'company', 'type', 'email', 'phone'] as const;
type DelosField = (typeof FIELDS)[number];
export type DelosCustomerType = 'INDIVIDUAL' | 'CORPORATE';

/** A Delos customer body, read: strings as sent, `null` for a field sent as null, absent ones absent. */
export type DelosCustomerBody = Partial<Record<Exclude<DelosField, 'type'>, string | null>> & { type?: DelosCustomerType };

/**
 * Reads a Delos customer body: a JSON object whose known fields are strings (or null). Fields
 * Delos may add that Verity does not know are ignored. `name` is required when creating.
 */
export function readCustomerBody(body: unknown, purpose: 'create' | 'update'): DelosCustomerBody {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([statedProblem('', 'InvalidFormat', 'The request body must be a JSON object.')]);
  }
  const fields = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const read: Record<string, string | null> = {};
  for (const field of FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') {
      problems.push(namedProblem(`/${field}`, 'InvalidFormat', `${field} must be a string`));
    } else if (field === 'type' && value !== null && value !== 'INDIVIDUAL' && value !== 'CORPORATE') {
      problems.push(namedProblem('/type', 'Invalid', 'type must be INDIVIDUAL or CORPORATE'));
    } else {
      read[field] = value;
    }
  }
  if (purpose === 'create' && problems.length === 0 && isBlank(read.name)) {
    problems.push(namedProblem('/name', 'Required', 'name is required'));
  }
  if (purpose === 'update' && 'type' in fields) {
    problems.push(namedProblem('/type', 'ReadOnly', 'type cannot be changed'));
  }
  if (problems.length > 0) throw new ValidationError(problems);
  const { type, ...rest } = read;
  return { ...rest, ...(typeof type === 'string' && { type: type as DelosCustomerType }) };
}

/**
 * Verity's input for a new customer: an unverified customer with the person's first and last
 * name, or, for a corporate customer, the business name. Returns the create rules too: Delos
 * asks only for the name.
 */
export function newCustomerInput(body: DelosCustomerBody): { input: CustomerInput; required: ['firstName'] | ['businessName'] } {
  const corporate = body.type === 'CORPORATE';
  if (corporate && !isBlank(body.lastname)) {
    throw new ValidationError([namedProblem('/lastname', 'NotAllowed', 'lastname is for INDIVIDUAL customers only')]);
  }
  const input: Record<string, string> = { type: 'unverified' };
  set(input, corporate ? 'businessName' : 'firstName', body.name);
  if (!corporate) set(input, 'lastName', body.lastname);
  set(input, 'comment', body.comment);
  set(input, 'company', body.company);
  set(input, 'email', body.email);
  set(input, 'phone', body.phone);
  const country = delosPhone(body.phone)?.country;
  if (country) input.country = country;
  return { input: input as CustomerInput, required: corporate ? ['businessName'] : ['firstName'] };
}

/**
 * Verity's changes for an update; `name` is the business name of a corporate customer. Null or
 * "" clears a field. Fields sent with the value they already have are left out, so a client may
 * send back what it read (lastname "" of a corporate customer, email "" of one without).
 */
export function customerChanges(body: DelosCustomerBody, current: Customer): Record<string, string> {
  const corporate = isCorporate(current);
  if (corporate && !isBlank(body.lastname)) {
    throw new ValidationError([namedProblem('/lastname', 'NotAllowed', 'lastname is for INDIVIDUAL customers only')]);
  }
  const renamed: Record<Exclude<DelosField, 'type'>, keyof Customer> = {
    name: corporate ? 'businessName' : 'firstName',
    lastname: 'lastName',
    comment: 'comment',
    company: 'company',
    email: 'email',
    phone: 'phone',
  };
  delosPhone(body.phone);
  const changes: Record<string, string> = {};
  for (const [field, verityField] of Object.entries(renamed) as Array<[Exclude<DelosField, 'type'>, keyof Customer]>) {
    const value = body[field];
    if (value === undefined || (corporate && field === 'lastname')) continue;
    const now = current[verityField];
    if ((value ?? '') === (typeof now === 'string' ? now : '')) continue;
    changes[verityField] = value ?? '';
  }
  return changes;
}

/** Delos's CORPORATE: a customer with a business name (an unverified one made by Delos, or a business). */
export function isCorporate(customer: Pick<Customer, 'type' | 'businessName'>): boolean {
  return customer.type === 'business' || customer.businessName !== undefined;
}

/**
 * Delos's one phone rule, for adding and updating alike: an international number (E.164; a
 * national one is read as US) that the numbering plans say can exist. Verity reads a phone in
 * its customer's country, US unless told otherwise, so a new customer's country comes from it.
 */
function delosPhone(phone: string | null | undefined): PhoneReading | undefined {
  if (typeof phone !== 'string' || phone.trim() === '') return undefined;
  const reading = readPhoneNumber(phone.trim(), 'US');
  if (!reading?.valid) throw new ValidationError([namedProblem('/phone', 'InvalidFormat', 'phone must be a valid international number, e.g. +447533029735')]);
  return reading;
}

function set(input: Record<string, string>, field: string, value: string | null | undefined): void {
  if (!isBlank(value)) input[field] = value as string;
}

function isBlank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === '';
}
