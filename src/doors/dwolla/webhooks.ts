import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import { TooManyResourcesError, ValidationError } from '../../domain/errors.js';
import { eventLinks } from '../../domain/webhooks/event-payload.js';
import type { DeliveryWithAttempts } from '../../services/webhooks/delivery-service.js';
import type { Subscription } from '../../services/webhooks/subscription-service.js';
import type { EventRow } from '../../domain/webhooks/event-record.js';
import { tenantOf } from '../http/auth.js';
import { link, pageLinks, paging } from './hal.js';
import { IdParams, PageQuery, PausedBody, SubscriptionBody, WebhookListQuery } from './schemas.js';
import { statedProblem } from '../../domain/field-problems.js';

/**
 * Dwolla's events, webhook subscriptions, webhooks (deliveries) and retries, over the native
 * event and webhook services. Subscriptions made here get payloads with the dialect's links.
 */
export const dwollaWebhookRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const base = verity.config.publicUrl;
  const queryOf = (request: FastifyRequest) => new URLSearchParams(request.url.split('?')[1] ?? '');
  const event = (e: EventRow) => ({
    _links: Object.fromEntries(Object.entries(eventLinks(e, base, { dialect: 'dwolla', tenantId: e.tenantId })).map(([rel, l]) => [rel, link(l.href)])),
    id: e.id,
    created: e.createdAt,
    topic: e.topic,
    resourceId: e.resourceId,
  });
  const subscription = (s: Subscription) => ({
    _links: { self: link(`${base}/webhook-subscriptions/${s.id}`, 'webhook-subscription'), webhooks: link(`${base}/webhook-subscriptions/${s.id}/webhooks`, 'webhook') },
    id: s.id,
    url: s.url,
    paused: s.paused,
    created: s.createdAt,
  });
  const headerList = (headers: Readonly<Record<string, string>>) => Object.entries(headers).map(([name, value]) => ({ name, value }));
  const webhook = (d: DeliveryWithAttempts, tenantId: string) => ({
    _links: {
      self: link(`${base}/webhooks/${d.id}`, 'webhook'),
      subscription: link(`${base}/webhook-subscriptions/${d.subscriptionId}`, 'webhook-subscription'),
      retry: link(`${base}/webhooks/${d.id}/retries`, 'retry'),
      event: link(`${base}/events/${d.eventId}`, 'event'),
    },
    id: d.id,
    topic: d.topic,
    accountId: tenantId,
    eventId: d.eventId,
    subscriptionId: d.subscriptionId,
    attempts: d.attemptLog.map((a) => ({
      id: a.id,
      request: { timestamp: a.startedAt, url: a.requestUrl, headers: headerList(a.requestHeaders), body: a.requestBody },
      response: {
        timestamp: new Date(Date.parse(a.startedAt) + a.durationMs).toISOString(),
        headers: headerList(a.responseHeaders ?? {}),
        statusCode: a.responseStatus ?? 0,
        body: a.responseBody ?? a.error ?? '',
      },
    })),
  });

  app.get('/events', { schema: { querystring: PageQuery } }, async (request) => {
    const page = paging(request.query);
    const { events, total } = await verity.events.listAtOffset(tenantOf(request).id, page.limit, page.offset, { dwolla: true });
    return { _links: pageLinks(`${base}/events`, queryOf(request), page.offset, page.limit, total), _embedded: { events: events.map(event) }, total };
  });

  app.get('/events/:id', { schema: { params: IdParams } }, async (request) => event(await verity.events.get(tenantOf(request).id, request.params.id, { dwolla: true })));

  app.post('/webhook-subscriptions', { schema: { body: SubscriptionBody } }, async (request, reply) => {
    const body = fieldsOf(request.body);
    if (body.secret === undefined || body.secret === '') {
      // Dwolla requires the secret; Verity's own API can generate one.
      throw new ValidationError([statedProblem('/secret', 'Required', 'Secret required.')]);
    }
    try {
      const { subscription: created } = await verity.webhookSubscriptions.create(tenantOf(request).id, { url: body.url, secret: body.secret }, 'dwolla');
      return reply.code(201).header('location', `${base}/webhook-subscriptions/${created.id}`).send();
    } catch (error) {
      if (!(error instanceof TooManyResourcesError)) throw error;
      return reply.code(400).send({ code: 'MaxNumberOfResources', message: 'The maximum number of subscriptions has been reached.' });
    }
  });

  app.get('/webhook-subscriptions', async (request) => {
    const all = await verity.webhookSubscriptions.list(tenantOf(request).id);
    return { _links: { self: link(`${base}/webhook-subscriptions`, 'webhook-subscription') }, _embedded: { 'webhook-subscriptions': all.map(subscription) }, total: all.length };
  });

  app.get('/webhook-subscriptions/:id', { schema: { params: IdParams } }, async (request) =>
    subscription(await verity.webhookSubscriptions.get(tenantOf(request).id, request.params.id)),
  );

  app.post('/webhook-subscriptions/:id', { schema: { params: IdParams, body: PausedBody } }, async (request) => {
    const { paused } = fieldsOf(request.body);
    if (typeof paused !== 'boolean') throw new ValidationError([statedProblem('/paused', 'Required', 'Paused (true or false) required.')]);
    return subscription(await verity.webhookSubscriptions.setPaused(tenantOf(request).id, request.params.id, paused));
  });

  app.delete('/webhook-subscriptions/:id', { schema: { params: IdParams } }, async (request) =>
    subscription(await verity.webhookSubscriptions.delete(tenantOf(request).id, request.params.id)),
  );

  app.get('/webhook-subscriptions/:id/webhooks', { schema: { params: IdParams, querystring: WebhookListQuery } }, async (request) => {
    const tenantId = tenantOf(request).id;
    const { id } = request.params;
    const { query } = request;
    const page = paging(query);
    const filter = {
      limit: page.limit,
      ...(typeof query.startDate === 'string' && { createdFrom: dayStart(query.startDate, '/startDate') }),
      ...(typeof query.endDate === 'string' && { createdTo: dayAfter(query.endDate, '/endDate') }),
      ...(typeof query.resourceId === 'string' && { resourceId: query.resourceId }),
    };
    const { deliveries, total } = await verity.webhookDeliveries.listAtOffset(tenantId, id, filter, page.offset);
    return {
      _links: pageLinks(`${base}/webhook-subscriptions/${id}/webhooks`, queryOf(request), page.offset, page.limit, total),
      _embedded: { webhooks: deliveries.map((d) => webhook(d, tenantId)) },
      total,
    };
  });

  app.get('/webhooks/:id', { schema: { params: IdParams } }, async (request) => {
    const tenantId = tenantOf(request).id;
    return webhook(await verity.webhookDeliveries.get(tenantId, request.params.id), tenantId);
  });

  app.get('/webhooks/:id/retries', { schema: { params: IdParams } }, async (request) => {
    const { id } = request.params;
    const delivery = await verity.webhookDeliveries.get(tenantOf(request).id, id);
    // Every attempt after the first is a retry (on the schedule, or asked for).
    const retries = delivery.attemptLog.slice(1).map((a) => ({
      // No `self`: a single retry has no address of its own on Verity.
      _links: { webhook: link(`${base}/webhooks/${id}`, 'webhook') },
      id: a.id,
      timestamp: a.startedAt,
    }));
    return { _links: { self: link(`${base}/webhooks/${id}/retries`, 'retry') }, _embedded: { retries }, total: retries.length };
  });

  app.post('/webhooks/:id/retries', { schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    await verity.webhookDeliveries.retry(tenantOf(request).id, id);
    return reply.code(201).header('location', `${base}/webhooks/${id}/retries`).send();
  });
};

/** A JSON body's fields; any other value (none, an array, a string) has none. */
function fieldsOf(body: unknown): Readonly<Record<string, unknown>> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.fromEntries(Object.entries(body)) : {};
}

/** Dwolla's webhook list filters are dates (`YYYY-MM-DD`). */
function dayStart(value: string, pointer: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError([statedProblem(pointer, 'InvalidFormat', 'Dates are YYYY-MM-DD.')]);
  }
  return new Date(`${value}T00:00:00.000Z`).toISOString();
}

function dayAfter(value: string, pointer: string): string {
  return new Date(Date.parse(dayStart(value, pointer)) + 86_400_000).toISOString();
}
