import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Verity } from '../../compose.js';
import type { DeliveryWithAttempts } from '../../services/webhooks/delivery-service.js';
import type { Subscription } from '../../services/webhooks/subscription-service.js';
import type { DeliveryRecord } from '../../domain/webhooks/delivery-record.js';
import { tenantOf } from '../http/auth.js';
import { authenticatedErrors, ProblemRef } from './schemas/common.js';
import {
  CreateSubscriptionBody,
  DeliveryList,
  DeliveryWithAttemptsView,
  IdParams,
  ListDeliveriesQuery,
  ReplayBody,
  ReplayResponse,
  RotateSecretBody,
  SubscriptionList,
  SubscriptionView,
  UpdateSubscriptionBody,
} from './schemas/webhooks.js';

const security = [{ bearer: [] }];
const tags = ['webhooks'];
const errors = { 400: ProblemRef, 404: ProblemRef, ...authenticatedErrors };

export const webhookRoutes: FastifyPluginAsyncTypebox<{ verity: Verity }> = async (app, { verity }) => {
  const base = `${verity.config.publicUrl}/v1`;
  const subscriptionView = (s: Subscription, secret?: string) => ({
    ...s,
    ...(secret !== undefined && { secret }),
    _links: { self: { href: `${base}/webhook-subscriptions/${s.id}` }, deliveries: { href: `${base}/webhook-subscriptions/${s.id}/deliveries` } },
  });
  const deliveryView = (d: DeliveryRecord) => ({
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    topic: d.topic,
    resourceId: d.resourceId,
    status: d.status,
    attemptCount: d.attempts,
    ...(d.nextAttemptAt !== undefined && { nextAttemptAt: d.nextAttemptAt }),
    ...(d.lastStatusCode !== undefined && { lastStatusCode: d.lastStatusCode }),
    ...(d.lastError !== undefined && { lastError: d.lastError }),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    _links: {
      self: { href: `${base}/webhook-deliveries/${d.id}` },
      subscription: { href: `${base}/webhook-subscriptions/${d.subscriptionId}` },
      event: { href: `${base}/events/${d.eventId}` },
      retries: { href: `${base}/webhook-deliveries/${d.id}/retries` },
    },
  });
  const withAttempts = (d: DeliveryWithAttempts) => ({
    ...deliveryView(d),
    attempts: d.attemptLog.map((a) => ({
      id: a.id,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      request: { url: a.requestUrl, headers: a.requestHeaders, body: a.requestBody },
      ...(a.responseStatus !== undefined && {
        response: { statusCode: a.responseStatus, headers: a.responseHeaders ?? {}, body: a.responseBody ?? '', ...(a.responseBody === undefined && { bodyWithheld: true as const }) },
      }),
      ...(a.error !== undefined && { error: a.error }),
    })),
  });

  app.post(
    '/webhook-subscriptions',
    {
      schema: {
        tags,
        security,
        summary: 'Subscribe a URL to every event of the tenant (the secret is shown once, in this answer)',
        body: CreateSubscriptionBody,
        response: { 201: SubscriptionView, ...errors },
      },
    },
    async (request, reply) => {
      const { subscription, secret } = await verity.webhookSubscriptions.create(tenantOf(request).id, request.body);
      return reply.code(201).header('location', `${base}/webhook-subscriptions/${subscription.id}`).send(subscriptionView(subscription, secret));
    },
  );

  app.get(
    '/webhook-subscriptions',
    { schema: { tags, security, summary: "The tenant's webhook subscriptions", response: { 200: SubscriptionList, ...errors } } },
    async (request) => ({ data: (await verity.webhookSubscriptions.list(tenantOf(request).id)).map((s) => subscriptionView(s)) }),
  );

  app.get(
    '/webhook-subscriptions/:id',
    { schema: { tags, security, summary: 'Retrieve a webhook subscription', params: IdParams, response: { 200: SubscriptionView, ...errors } } },
    async (request) => subscriptionView(await verity.webhookSubscriptions.get(tenantOf(request).id, request.params.id)),
  );

  app.patch(
    '/webhook-subscriptions/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change the URL, pause or unpause, or choose whether failed answers keep their body; a refused change changes nothing',
        params: IdParams,
        body: UpdateSubscriptionBody,
        response: { 200: SubscriptionView, ...errors },
      },
    },
    async (request) => subscriptionView(await verity.webhookSubscriptions.update(tenantOf(request).id, request.params.id, request.body)),
  );

  app.delete(
    '/webhook-subscriptions/:id',
    { schema: { tags, security, summary: 'Delete a subscription with its deliveries; answers what was deleted', params: IdParams, response: { 200: SubscriptionView, ...errors } } },
    async (request) => subscriptionView(await verity.webhookSubscriptions.delete(tenantOf(request).id, request.params.id)),
  );

  app.post(
    '/webhook-subscriptions/:id/rotate-secret',
    {
      schema: {
        tags,
        security,
        summary: 'Replace the secret; the previous one keeps signing during the overlap (VERITY_WEBHOOK_SECRET_OVERLAP_SECONDS)',
        params: IdParams,
        body: RotateSecretBody,
        response: { 200: SubscriptionView, ...errors },
      },
    },
    async (request) => {
      const { subscription, secret } = await verity.webhookSubscriptions.rotateSecret(tenantOf(request).id, request.params.id, request.body ?? {});
      return subscriptionView(subscription, secret);
    },
  );

  app.get(
    '/webhook-subscriptions/:id/deliveries',
    {
      schema: { tags, security, summary: "A subscription's deliveries, newest first", params: IdParams, querystring: ListDeliveriesQuery, response: { 200: DeliveryList, ...errors } },
    },
    async (request) => {
      const { limit = 25, status, ...filter } = request.query;
      const page = await verity.webhookDeliveries.list(tenantOf(request).id, request.params.id, { ...filter, ...(status && { statuses: status }), limit });
      return { data: page.deliveries.map(deliveryView), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    },
  );

  app.post(
    '/webhook-subscriptions/:id/replay',
    {
      schema: {
        tags,
        security,
        summary: 'Send now everything created in [from, to) that has not succeeded: failed, held while paused, never attempted or waiting for a retry',
        params: IdParams,
        body: ReplayBody,
        response: { 202: ReplayResponse, ...errors },
      },
    },
    async (request, reply) => {
      const replayed = await verity.webhookDeliveries.replay(tenantOf(request).id, request.params.id, request.body ?? {});
      return reply.code(202).send({ replayed });
    },
  );

  app.get(
    '/webhook-deliveries/:id',
    { schema: { tags, security, summary: 'A delivery with every attempt (request and response)', params: IdParams, response: { 200: DeliveryWithAttemptsView, ...errors } } },
    async (request) => withAttempts(await verity.webhookDeliveries.get(tenantOf(request).id, request.params.id)),
  );

  app.post(
    '/webhook-deliveries/:id/retries',
    {
      schema: { tags, security, summary: 'Send this delivery again now, with a fresh retry schedule', params: IdParams, response: { 202: DeliveryWithAttemptsView, ...errors } },
    },
    async (request, reply) => reply.code(202).send(withAttempts(await verity.webhookDeliveries.retry(tenantOf(request).id, request.params.id))),
  );
};
