import { isNativeOnlyTopic } from '../../domain/webhooks/event-record.js';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../../domain/errors.js';
import type { Database } from '../../store/database.js';
import { type EventFilter, findEvent, listEvents, listEventsAtOffset } from '../../store/events-repository.js';
import type { EventRow } from '../../domain/webhooks/event-record.js';
import { decodeSequenceCursor, encodeCursor, isUuid, pageOf } from '../../kit/cursor.js';

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
    const rows = await listEvents(this.db, tenantId, { ...query, after: decodeSequenceCursor(query.after), limit: query.limit + 1 });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => encodeCursor(last.createdAt, last.sequence, last.id));
    return { events: items, ...(nextCursor && { nextCursor }) };
  }

  /** `dwolla`: as Dwolla's dialect lists them, without the topics only Verity's own API has. */
  async listAtOffset(tenantId: string, limit: number, offset: number, options: { dwolla?: boolean } = {}): Promise<{ events: EventRow[]; total: number }> {
    return listEventsAtOffset(this.db, tenantId, limit, offset, options);
  }

  async get(tenantId: string, id: string, options: { dwolla?: boolean } = {}): Promise<EventRow> {
    const event = isUuid(id) ? await findEvent(this.db, tenantId, id) : undefined;
    if (!event || (options.dwolla === true && isNativeOnlyTopic(event.topic))) throw new NotFoundError('event', 'Application event not found.');
    return event;
  }
}
