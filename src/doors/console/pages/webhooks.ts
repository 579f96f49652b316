import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Verity } from '../../../compose.js';
import { BadRequestError, NotFoundError } from '../../../domain/errors.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../../domain/webhooks/delivery-rules.js';
import { field } from '../forms.js';
import { html } from '../html.js';
import { audit } from '../audit.js';
import { sendPage } from '../layout.js';
import { consolePath, operatorOf, redirectWithNotice } from '../session.js';
import { DELIVERIES_PER_PAGE } from './webhooks/deliveries-view.js';
import { subscriptionBody } from './webhooks/subscription-view.js';
import { subscriptionPath, subscriptionsBody } from './webhooks/subscriptions-view.js';

/** Deep pages of a busy subscription cost an ever larger offset; nobody reads that far back. */
const MAX_PAGE = 1000;

/**
 * Webhook subscriptions of any tenant with their health, and their deliveries with every attempt.
 * Every operator may look; retrying, replaying and pausing change what tenants receive, so only
 * admins may do them.
 */
export const webhookRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  const adminOnly = { config: { consoleRole: 'admin' as const } };

  app.get('/webhooks', async (request, reply) => {
    const tenants = await verity.tenants.list();
    const wanted = queryValue(request, 'tenant');
    const tenant = wanted === undefined ? tenants[0] : tenants.find((t) => t.id === wanted);
    if (!tenant) {
      if (wanted !== undefined) throw new NotFoundError('tenant', 'Tenant not found.');
      return sendPage(request, reply, { title: 'Webhooks', section: 'webhooks', body: html`<p class="muted">There are no tenants yet.</p>` });
    }
    const [subscriptions, health] = await Promise.all([verity.webhookSubscriptions.list(tenant.id), verity.webhookDeliveries.health(tenant.id)]);
    return sendPage(request, reply, { title: 'Webhooks', section: 'webhooks', body: subscriptionsBody(tenants, tenant, subscriptions, health) });
  });

  app.get('/webhooks/subscriptions/:id', async (request, reply) => {
    const { tenantId, subscription } = await verity.webhookSubscriptions.locate(idParam(request));
    const status = statusFilter(queryValue(request, 'status'));
    const page = pageNumber(queryValue(request, 'page'));
    const [tenant, health, listed] = await Promise.all([
      verity.tenants.get(tenantId),
      verity.webhookDeliveries.health(tenantId),
      verity.webhookDeliveries.listAtOffset(tenantId, subscription.id, { limit: DELIVERIES_PER_PAGE, ...(status && { statuses: [status] }) }, (page - 1) * DELIVERIES_PER_PAGE),
    ]);
    return sendPage(request, reply, {
      title: `Webhook subscription ${subscription.url}`,
      section: 'webhooks',
      breadcrumb: html`<a href="/console/webhooks?tenant=${encodeURIComponent(tenant.id)}">Webhooks of ${tenant.name}</a>`,
      body: subscriptionBody(request, {
        tenant,
        subscription,
        health: health.get(subscription.id),
        listing: { subscriptionId: subscription.id, ...listed, page, status, canAct: operatorOf(request).role === 'admin' },
      }),
    });
  });

  app.post('/webhooks/subscriptions/:id/pause', adminOnly, async (request, reply) => {
    const { tenantId, subscription } = await verity.webhookSubscriptions.locate(idParam(request));
    await verity.webhookSubscriptions.setPaused(tenantId, subscription.id, true);
    await audit(request, verity, 'webhook_subscription_paused', { kind: 'webhook_subscription', id: subscription.id }, subscription.url);
    return redirectWithNotice(request, reply, subscriptionPath(subscription.id), { kind: 'ok', text: 'Subscription paused: new events are held until a replay.' });
  });

  app.post('/webhooks/subscriptions/:id/resume', adminOnly, async (request, reply) => {
    const { tenantId, subscription } = await verity.webhookSubscriptions.locate(idParam(request));
    await verity.webhookSubscriptions.setPaused(tenantId, subscription.id, false);
    await audit(request, verity, 'webhook_subscription_resumed', { kind: 'webhook_subscription', id: subscription.id }, subscription.url);
    return redirectWithNotice(request, reply, subscriptionPath(subscription.id), { kind: 'ok', text: 'Subscription resumed.' });
  });

  app.post('/webhooks/subscriptions/:id/replay', adminOnly, async (request, reply) => {
    const { tenantId, subscription } = await verity.webhookSubscriptions.locate(idParam(request));
    const from = utcTime(field(request.body, 'from'), 'From');
    const to = utcTime(field(request.body, 'to'), 'To');
    const count = await verity.webhookDeliveries.replay(tenantId, subscription.id, { ...(from && { from }), ...(to && { to }) });
    const range = `${from ?? 'the start'} to ${to ?? 'now'}: ${count} queued`;
    await audit(request, verity, 'webhook_deliveries_replayed', { kind: 'webhook_subscription', id: subscription.id }, range);
    const text = `${count} ${count === 1 ? 'event' : 'events'} queued again.`;
    return redirectWithNotice(request, reply, subscriptionPath(subscription.id), { kind: 'ok', text });
  });

  app.post('/webhooks/subscriptions/:id/deliveries/:deliveryId/retry', adminOnly, async (request, reply) => {
    const { tenantId, subscription } = await verity.webhookSubscriptions.locate(idParam(request));
    const deliveryId = (request.params as { deliveryId: string }).deliveryId;
    const delivery = await verity.webhookDeliveries.get(tenantId, deliveryId);
    if (delivery.subscriptionId !== subscription.id) throw new NotFoundError('webhook', 'Webhook not found.');
    await verity.webhookDeliveries.retry(tenantId, delivery.id);
    await audit(request, verity, 'webhook_delivery_retried', { kind: 'webhook_delivery', id: delivery.id }, delivery.topic);
    const back = consolePath(field(request.body, 'back'), subscriptionPath(subscription.id));
    return redirectWithNotice(request, reply, back, { kind: 'ok', text: `Delivery of ${delivery.topic} queued to be sent again now.` });
  });
};

function idParam(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}

function statusFilter(value: string | undefined): DeliveryStatus | undefined {
  return (DELIVERY_STATUSES as readonly string[]).includes(value ?? '') ? (value as DeliveryStatus) : undefined;
}

function pageNumber(value: string | undefined): number {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1;
}

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** A `datetime-local` value read as UTC (the form says so), as a stored ISO time. */
function utcTime(value: string | undefined, label: string): string | undefined {
  if (value === undefined) return undefined;
  const time = DATETIME_LOCAL.test(value) ? new Date(`${value}Z`) : undefined;
  if (!time || Number.isNaN(time.getTime())) throw new BadRequestError(`${label} must be a date and time like 2025-01-31T14:30.`);
  return time.toISOString();
}
