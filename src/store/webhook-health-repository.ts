import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** How the deliveries of one subscription's recent events stand, and what its latest failure answered. */
export interface SubscriptionHealthRecord {
  readonly subscriptionId: string;
  readonly succeeded: number;
  /** Waiting for another attempt after a failed one. */
  readonly retrying: number;
  /** Given up on: retries exhausted, or the receiver answered 410 Gone. */
  readonly failed: number;
  readonly lastFailure?: { readonly at: string; readonly statusCode?: number; readonly error?: string };
}

/**
 * For every subscription of the tenant, in one statement: its deliveries of events since `since`
 * counted by outcome, and the most recently failed of them. Only deliveries created in the window
 * are read, so the subscription index bounds the work however old the subscription is.
 */
export async function subscriptionHealth(db: Db, tenantId: string, since: string): Promise<SubscriptionHealthRecord[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions as s')
    .leftJoin('webhook_deliveries as d', (join) => join.onRef('d.subscription_id', '=', 's.id').on('d.created_at', '>=', since))
    .leftJoin('webhook_deliveries as f', (join) =>
      join.on((eb) =>
        eb(
          'f.id',
          '=',
          eb
            .selectFrom('webhook_deliveries as l')
            .select('l.id')
            .whereRef('l.subscription_id', '=', 's.id')
            .where('l.created_at', '>=', since)
            .where((w) => w.or([w('l.status', '=', 'failed'), w.and([w('l.status', '=', 'pending'), w('l.failures_in_round', '>', 0)])]))
            .orderBy('l.updated_at', 'desc')
            .orderBy('l.id', 'desc')
            .limit(1),
        ),
      ),
    )
    .where('s.tenant_id', '=', tenantId)
    .groupBy(['s.id', 'f.id', 'f.updated_at', 'f.last_status_code', 'f.last_error'])
    .select((eb) => [
      's.id',
      eb.fn.sum<string | number>(eb.case().when('d.status', '=', 'succeeded').then(1).else(0).end()).as('succeeded'),
      eb.fn.sum<string | number>(eb.case().when('d.status', '=', 'failed').then(1).else(0).end()).as('failed'),
      eb.fn
        .sum<string | number>(eb.case().when(eb.and([eb('d.status', '=', 'pending'), eb('d.failures_in_round', '>', 0)])).then(1).else(0).end())
        .as('retrying'),
      'f.updated_at as failed_at',
      'f.last_status_code',
      'f.last_error',
    ])
    .execute();
  return rows.map((r) => ({
    subscriptionId: r.id,
    succeeded: Number(r.succeeded ?? 0),
    retrying: Number(r.retrying ?? 0),
    failed: Number(r.failed ?? 0),
    ...(r.failed_at !== null && {
      lastFailure: {
        at: r.failed_at,
        ...(r.last_status_code !== null && { statusCode: Number(r.last_status_code) }),
        ...(r.last_error !== null && { error: r.last_error }),
      },
    }),
  }));
}
