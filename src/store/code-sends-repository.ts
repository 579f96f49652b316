import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface CodeSendRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly destinationHash: string;
  readonly sentAt: string;
}

/** Whose sends are counted: one customer's, or those to one destination within a tenant. */
export type CodeSendScope = { readonly customerId: string } | { readonly tenantId: string; readonly destinationHash: string };

export async function insertCodeSend(db: Kysely<Database>, send: CodeSendRecord): Promise<void> {
  await db
    .insertInto('onboarding_code_sends')
    .values({ id: send.id, tenant_id: send.tenantId, customer_id: send.customerId, destination_hash: send.destinationHash, sent_at: send.sentAt })
    .execute();
}

export async function deleteCodeSend(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('onboarding_code_sends').where('id', '=', id).execute();
}

/** Forgets the sends older than `before`: they no longer count against any cap. */
export async function deleteCodeSendsBefore(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('onboarding_code_sends').where('sent_at', '<', before).execute();
}

/** When the sends of a scope since `since` were made, oldest first. */
export async function codeSendTimes(db: Kysely<Database>, scope: CodeSendScope, since: string): Promise<string[]> {
  let query = db.selectFrom('onboarding_code_sends').select('sent_at').where('sent_at', '>=', since);
  query = 'customerId' in scope ? query.where('customer_id', '=', scope.customerId) : query.where('tenant_id', '=', scope.tenantId).where('destination_hash', '=', scope.destinationHash);
  const rows = await query.orderBy('sent_at').orderBy('id').execute();
  return rows.map((r) => r.sent_at);
}
