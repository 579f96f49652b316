import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import { eventLinks } from '../../domain/webhooks/event-payload.js';
import type { EventRow } from '../../domain/webhooks/event-record.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import { EventList, EventView, IdParams, ListEventsQuery } from './schemas/webhooks.js';

const security = [{ bearer: [] }];
const tags = ['events'];
const errors = { 400: ProblemRef, 404: ProblemRef, ...authenticatedErrors };

export const eventRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const view = (event: EventRow) => ({ ...event, _links: eventLinks(event, verity.config.publicUrl) });

  app.get(
    '/events',
    { schema: { tags, security, summary: "The tenant's events, newest first", querystring: ListEventsQuery, response: { 200: EventList, ...errors } } },
    async (request) => {
      const { limit = 25, topic, ...filter } = request.query;
      const page = await verity.events.list(tenantOf(request).id, { ...filter, ...(topic && { topics: topic }), limit });
      return { data: page.events.map(view), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    },
  );

  app.get(
    '/events/:id',
    { schema: { tags, security, summary: 'Retrieve an event', params: IdParams, response: { 200: EventView, ...errors } } },
    async (request) => view(await verity.events.get(tenantOf(request).id, request.params.id)),
  );
};
