import type { Kysely } from 'kysely';
import { booleanType } from './dialect.js';

/**
 * Whether a tenant may attest its own customers' verification (Veratad's updateStatus PASS).
 * NULL follows the server's mode (allowed in sandbox, refused in production); an operator sets it
 * explicitly with `verity tenant update --self-attestation` or in the admin console.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('self_attestation', booleanType(db)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('self_attestation').execute();
}
