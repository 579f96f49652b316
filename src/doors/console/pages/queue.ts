import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../../compose.js';
import { field } from '../forms.js';
import { sendPage } from '../layout.js';
import { operatorOf, redirectWithNotice } from '../session.js';
import { filtersOf, nextCaseOf } from './review/queue-context.js';
import { casePathIn, QUEUE_LIMIT, queuePage, queueQuery } from './review/queue-view.js';

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

  // "Next case" after a decision: the oldest case of the same (filtered) queue the reviewer can
  // work on, other than the one just decided (`after`); back to the queue when there is none.
  app.get('/queue/next', async (request, reply) => {
    const me = operatorOf(request);
    const filters = filtersOf(request.query);
    const query = queueQuery(filters);
    const entries = await verity.reviews.queue({ ...filters, operatorId: me.id, limit: QUEUE_LIMIT });
    const next = nextCaseOf(entries, field(request.query, 'after'), me);
    if (next) return reply.redirect(casePathIn(next.caseId, query), 303);
    return redirectWithNotice(request, reply, `/console/queue${query ? `?${query}` : ''}`, { kind: 'ok', text: 'No more cases to work on in this queue.' });
  });
};
