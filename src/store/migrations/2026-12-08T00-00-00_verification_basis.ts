import { type Kysely, sql } from 'kysely';
import { timestampType } from './dialect.js';

/**
 * Verification on evidence. A customer keeps the record of the verification it stands on
 * (`verification`: basis, moment, decider, evidence, as JSON) and, while an identity-data
 * provider is being asked, the attempt that waits for it (`pending_attempt_id`). An attempt says
 * what it rests on (`basis`) and whether it is decided, still `pending` on the provider, or
 * `abandoned`; a pending one carries the worker's schedule (`tries`, `next_try_at`, a lease) and
 * every exchange with the provider. History lines name the basis of a verification; events may
 * carry data (the basis of `customer_verified`); a tenant may narrow the bases it accepts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await db.schema.alterTable('customers').addColumn('verification', 'text').execute();
  await db.schema.alterTable('customers').addColumn('pending_attempt_id', 'text').execute();
  await db.schema.alterTable('verification_attempts').addColumn('basis', 'text').execute();
  await db.schema.alterTable('verification_attempts').addColumn('state', 'text', (c) => c.notNull().defaultTo('decided')).execute();
  await db.schema.alterTable('verification_attempts').addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('verification_attempts').addColumn('next_try_at', ts).execute();
  await db.schema.alterTable('verification_attempts').addColumn('lease_until', ts).execute();
  await db.schema.alterTable('verification_attempts').addColumn('provider_result', 'text').execute();
  await db.schema.alterTable('verification_attempts').addColumn('provider_reference', 'text').execute();
  await db.schema.alterTable('verification_attempts').addColumn('provider_answer', 'text').execute();
  await db.schema.alterTable('verification_attempts').addColumn('exchanges', 'text').execute();
  await db.schema.alterTable('verification_attempts').addColumn('decided_at', ts).execute();
  // Partial: only the few attempts waiting for the provider are in it, so recording a decided
  // attempt (every creation) costs no index write.
  await db.schema.createIndex('verification_attempts_pending').on('verification_attempts').column('next_try_at').where(sql.ref('state'), '=', sql.lit('pending')).execute();
  await db.schema.alterTable('customer_history').addColumn('basis', 'text').execute();
  await db.schema.alterTable('events').addColumn('data', 'text').execute();
  await db.schema.alterTable('tenants').addColumn('accepted_bases', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('accepted_bases').execute();
  await db.schema.alterTable('events').dropColumn('data').execute();
  await db.schema.alterTable('customer_history').dropColumn('basis').execute();
  await db.schema.dropIndex('verification_attempts_pending').execute();
  for (const column of ['decided_at', 'exchanges', 'provider_answer', 'provider_reference', 'provider_result', 'lease_until', 'next_try_at', 'tries', 'state', 'basis']) {
    await db.schema.alterTable('verification_attempts').dropColumn(column).execute();
  }
  await db.schema.alterTable('customers').dropColumn('pending_attempt_id').execute();
  await db.schema.alterTable('customers').dropColumn('verification').execute();
}
