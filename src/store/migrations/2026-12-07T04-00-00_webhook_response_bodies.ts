import type { Kysely } from 'kysely';
import { booleanType, isPostgres } from './dialect.js';

/**
 * Whether a subscription's attempt log keeps the body of answers that are not 2xx. Off by default:
 * a subscription pointed at a service that is no webhook receiver must not make that service's
 * error pages readable through the attempt log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('webhook_subscriptions')
    .addColumn('record_response_bodies', booleanType(db), (c) => c.notNull().defaultTo(isPostgres(db) ? false : 0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_subscriptions').dropColumn('record_response_bodies').execute();
}
