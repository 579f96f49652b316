import { ValidationError } from '../domain/errors.js';
import { statedProblem } from '../domain/field-problems.js';

/**
 * Cursors for lists that page forward, newest first: the sort key of the last item shown,
 * opaque to callers. Every list builds and reads them here.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeCursor(...parts: ReadonlyArray<string | number>): string {
  return Buffer.from(parts.join('|')).toString('base64url');
}

function malformed(): ValidationError {
  return new ValidationError([statedProblem('/query/after', 'InvalidFormat', 'The cursor is not one this API gave out.')]);
}

/** A (created, id) cursor, as customers and deliveries use. */
export function decodeTimeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0 || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) throw malformed();
  return { createdAt, id };
}

/** A (created, sequence, id) cursor, as events use. */
export function decodeSequenceCursor(cursor: string | undefined): { createdAt: string; sequence: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, sequence, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0 || !/^\d+$/.test(sequence ?? '') || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) throw malformed();
  return { createdAt, sequence: Number(sequence), id };
}

/** One page from `limit + 1` rows: the first `limit`, and a cursor after the last when more follow. */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined ? { items, nextCursor: cursorOf(last) } : { items };
}
