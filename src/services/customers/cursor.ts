import type { Customer } from '../../domain/customer/customer.js';
import { ValidationError } from '../../domain/errors.js';
import type { CustomerFilter } from '../../store/customers-repository.js';

/** Cursors for customer lists: the (created, id) of the last customer shown, opaque to callers. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeCursor(customer: Customer): string {
  return Buffer.from(`${customer.createdAt}|${customer.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CustomerFilter['after'] {
  if (cursor === undefined) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) {
    throw new ValidationError([{ pointer: '/query/after', code: 'InvalidFormat', detail: 'The cursor is not one this API gave out.' }]);
  }
  return { createdAt, id };
}
