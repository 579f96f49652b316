import type { Kysely } from 'kysely';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Database } from '../../store/database.js';
import { type EventFilter, type EventRow, findEvent, listEvents, listEventsAtOffset } from '../../store/events-repository.js';
import { isUuid } from '../customers/cursor.js';

export interface EventQuery extends Omit<EventFilter, 'after'> {
  readonly after?: string;
}

export interface EventPage {
  readonly events: readonly EventRow[];
  readonly nextCursor?: string;
}

/** A tenant's events: what changed, newest first. */
export class EventService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(tenantId: string, query: EventQuery): Promise<EventPage> {
    const rows = await listEvents(this.db, tenantId, { ...query, after: decodeCursor(query.after), limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return rows.length > query.limit && last ? { events: page, nextCursor: encodeCursor(last) } : { events: page };
  }

  async listAtOffset(tenantId: string, limit: number, offset: number): Promise<{ events: EventRow[]; total: number }> {
    return listEventsAtOffset(this.db, tenantId, limit, offset);
  }

  async get(tenantId: string, id: string): Promise<EventRow> {
    const event = isUuid(id) ? await findEvent(this.db, tenantId, id) : undefined;
    if (!event) throw new NotFoundError('event', 'Application event not found.');
    return event;
  }
}

function encodeCursor(e: EventRow): string {
  return Buffer.from(`${e.createdAt}|${e.sequence}|${e.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): EventFilter['after'] {
  if (cursor === undefined) return undefined;
  const [createdAt, sequence, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^\d+$/.test(sequence ?? '') || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) {
    throw new ValidationError([{ pointer: '/query/after', code: 'InvalidFormat', detail: 'The cursor is not one this API gave out.' }]);
  }
  return { createdAt, sequence: Number(sequence), id };
}
