import type { FastifyRequest } from 'fastify';
import type { Tenant } from '../../../../domain/tenant.js';
import type { Subscription } from '../../../../services/webhooks/subscription-service.js';
import type { SubscriptionHealthRecord } from '../../../../domain/webhooks/subscription-health.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { type DeliveryListing, deliveriesSection } from './deliveries-view.js';
import { timeOf } from './format.js';
import { lastFailure, recentCounts, stateBadge, subscriptionPath } from './subscriptions-view.js';

export interface SubscriptionPage {
  readonly tenant: Tenant;
  readonly subscription: Subscription;
  readonly health: SubscriptionHealthRecord | undefined;
  readonly listing: DeliveryListing;
}

/** One subscription: its health, what an admin may do with it, and its deliveries. */
export function subscriptionBody(request: FastifyRequest, page: SubscriptionPage): Html {
  const { tenant, subscription: s, health } = page;
  return html`<div class="grid">
<section class="card">
<dl class="fields">
<dt>URL</dt><dd>${s.url}</dd>
<dt>Tenant</dt><dd>${tenant.name}</dd>
<dt>State</dt><dd>${stateBadge(s)}</dd>
<dt>Created</dt><dd>${timeOf(s.createdAt)}</dd>
<dt>Events of the last 24 h</dt><dd>${recentCounts(health)}</dd>
<dt>Last failure</dt><dd>${lastFailure(s, health)}</dd>
<dt>Last success</dt><dd>${timeOf(s.lastSuccessAt)}</dd>
<dt>Bodies of failed answers</dt><dd>${s.recordResponseBodies ? 'recorded' : html`<span class="muted">not recorded (status and headers only)</span>`}</dd>
</dl>
</section>
${page.listing.canAct ? actions(request, s) : ''}
</div>
${deliveriesSection(request, page.listing)}`;
}

function actions(request: FastifyRequest, s: Subscription): Html {
  const path = subscriptionPath(s.id);
  return html`<section class="card">
<h2>Actions</h2>
<form class="inline" method="post" action="${path}/${s.paused ? 'resume' : 'pause'}">
${csrfField(request)}
${s.paused
  ? html`<button type="submit">Resume</button> <span class="muted">Pending retries continue; deliveries held while paused wait for a replay.</span>`
  : html`<button type="submit" class="secondary">Pause</button> <span class="muted">New events are held until a replay.</span>`}
</form>
<form class="stack replay" method="post" action="${path}/replay">
${csrfField(request)}
<p class="muted">Replay sends now every delivery of events in the range that has not succeeded: failed, held while paused, never tried, or waiting for its next retry. Leave a bound empty for no limit.</p>
<label for="replay-from">From (UTC)</label>
<input type="datetime-local" id="replay-from" name="from" step="1">
<label for="replay-to">To (UTC)</label>
<input type="datetime-local" id="replay-to" name="to" step="1">
<button type="submit">Replay</button>
</form>
</section>`;
}
