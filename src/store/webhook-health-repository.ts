import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { SubscriptionHealthRecord } from '../domain/webhooks/subscription-health.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * For every subscription of the tenant: its deliveries of events since `since` counted by
 * outcome (one statement), and the most recently failed of them (one indexed look-up per
 * subscription: a correlated sub-select in the join made SQLite rescan every delivery for each
 * one). Only deliveries created in the window are read, so the subscription index bounds the work
 * however old the subscription is.
 */
export async function subscriptionHealth(db: Db, tenantId: string, since: string): Promise<SubscriptionHealthRecord[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions as s')
    .leftJoin('webhook_deliveries as d', (join) => join.onRef('d.subscription_id', '=', 's.id').on('d.created_at', '>=', since))
    .where('s.tenant_id', '=', tenantId)
    .groupBy('s.id')
    .select((eb) => [
      's.id',
      eb.fn.sum<string | number>(eb.case().when('d.status', '=', 'succeeded').then(1).else(0).end()).as('succeeded'),
      eb.fn.sum<string | number>(eb.case().when('d.status', '=', 'failed').then(1).else(0).end()).as('failed'),
      eb.fn
        .sum<string | number>(eb.case().when(eb.and([eb('d.status', '=', 'pending'), eb('d.failures_in_round', '>', 0)])).then(1).else(0).end())
        .as('retrying'),
    ])
    .execute();
  return Promise.all(
    rows.map(async (r) => {
      const failure = await lastFailure(db, r.id, since);
      return {
        subscriptionId: r.id,
        succeeded: Number(r.succeeded ?? 0),
        retrying: Number(r.retrying ?? 0),
        failed: Number(r.failed ?? 0),
        ...(failure && {
          lastFailure: {
            at: failure.updated_at,
            ...(failure.last_status_code !== null && { statusCode: Number(failure.last_status_code) }),
            ...(failure.last_error !== null && { error: failure.last_error }),
          },
        }),
      };
    }),
  );
}

function lastFailure(db: Db, subscriptionId: string, since: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['updated_at', 'last_status_code', 'last_error'])
    .where('subscription_id', '=', subscriptionId)
    .where('created_at', '>=', since)
    .where((w) => w.or([w('status', '=', 'failed'), w.and([w('status', '=', 'pending'), w('failures_in_round', '>', 0)])]))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
