import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../../compose.js';
import type { ClaimFilter } from '../../../domain/review/queue.js';
import { field } from '../forms.js';
import { sendPage } from '../layout.js';
import { operatorOf } from '../session.js';
import { CLAIM_FILTERS, QUEUE_LIMIT, QUEUE_STATES, type QueueFilters, queuePage, type QueueState } from './review/queue-view.js';

/** The review queue: cases in progress, oldest first, filtered by tenant, state and claim. */
export const queueRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  app.get('/queue', async (request, reply) => {
    const me = operatorOf(request);
    const filters = filtersOf(request.query);
    const [entries, tenants] = await Promise.all([
      verity.reviews.queue({ ...filters, operatorId: me.id, limit: QUEUE_LIMIT }),
      verity.tenants.list(),
    ]);
    return sendPage(request, reply, {
      title: 'Review queue',
      section: 'queue',
      body: queuePage(request, { entries, tenants, filters, me, now: verity.clock.now() }),
    });
  });
};

/** The filters of the query string; an unknown value counts as no filter. */
function filtersOf(query: unknown): QueueFilters {
  const tenantId = field(query, 'tenant');
  const state = field(query, 'state');
  const claim = field(query, 'claim');
  return {
    ...(tenantId && { tenantId }),
    ...(QUEUE_STATES.includes(state as QueueState) && { state: state as QueueState }),
    claim: CLAIM_FILTERS.includes(claim as ClaimFilter) ? (claim as ClaimFilter) : 'anyone',
  };
}
