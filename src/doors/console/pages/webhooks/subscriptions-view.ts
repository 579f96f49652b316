import type { Tenant } from '../../../../domain/tenant.js';
import type { Subscription } from '../../../../services/webhooks/subscription-service.js';
import type { SubscriptionHealthRecord } from '../../../../domain/webhooks/subscription-health.js';
import { type Html, html } from '../../html.js';
import { outcomeOf, timeOf } from './format.js';

export function subscriptionPath(id: string): string {
  return `/console/webhooks/subscriptions/${encodeURIComponent(id)}`;
}

/** The tenant picker (a GET form, so the choice is in the address) and that tenant's subscriptions. */
export function subscriptionsBody(
  tenants: readonly Tenant[],
  tenant: Tenant,
  subscriptions: readonly Subscription[],
  health: ReadonlyMap<string, SubscriptionHealthRecord>,
): Html {
  return html`<form class="filters" method="get" action="/console/webhooks">
<div><label for="tenant">Tenant</label>
<select id="tenant" name="tenant">
${tenants.map((t) => html`<option value="${t.id}"${t.id === tenant.id ? html` selected` : ''}>${t.name}${t.isSandbox ? ' (sandbox)' : ''}</option>`)}
</select></div>
<button type="submit" class="secondary">Show subscriptions</button>
</form>
<h2>Subscriptions of ${tenant.name}</h2>
${subscriptions.length === 0 ? html`<p class="muted">This tenant has no webhook subscriptions.</p>` : subscriptionsTable(subscriptions, health)}`;
}

function subscriptionsTable(subscriptions: readonly Subscription[], health: ReadonlyMap<string, SubscriptionHealthRecord>): Html {
  return html`<table>
<thead><tr><th>URL</th><th>Created</th><th>State</th><th>Events of the last 24 h</th><th>Last failure</th></tr></thead>
<tbody>
${subscriptions.map((s) => {
  const h = health.get(s.id);
  return html`<tr>
<td><a href="${subscriptionPath(s.id)}">${s.url}</a></td>
<td>${timeOf(s.createdAt)}</td>
<td>${stateBadge(s)}</td>
<td>${recentCounts(h)}</td>
<td>${lastFailure(s, h)}</td>
</tr>`;
})}
</tbody>
</table>`;
}

/** Active, or paused with why: asked to (`tenant`), the receiver said 410 (`gone`), or kept failing. */
export function stateBadge(s: Subscription): Html {
  const streak = s.consecutiveFailures > 0 ? html`<br><span class="muted">${s.consecutiveFailures} ${s.consecutiveFailures === 1 ? 'failure' : 'failures'} in a row</span>` : '';
  if (!s.paused) return html`<span class="badge badge-ok">active</span>${streak}`;
  return html`<span class="badge badge-paused">paused</span>${s.pausedReason ? html` <span class="muted">(${s.pausedReason})</span>` : ''}${streak}`;
}

export function recentCounts(h: SubscriptionHealthRecord | undefined): Html {
  const count = (n: number, label: string, tone: 'warn' | 'bad' | undefined) =>
    tone && n > 0 ? html`<strong class="${tone}">${n} ${label}</strong>` : html`${n} ${label}`;
  return html`<span class="health">${count(h?.succeeded ?? 0, 'delivered', undefined)} · ${count(h?.retrying ?? 0, 'retrying', 'warn')} · ${count(h?.failed ?? 0, 'failed', 'bad')}</span>`;
}

/** The latest failure among recent events with what the receiver answered; else the subscription's last failure time. */
export function lastFailure(s: Subscription, h: SubscriptionHealthRecord | undefined): Html {
  if (h?.lastFailure) {
    return html`${timeOf(h.lastFailure.at)}<br>${outcomeOf(h.lastFailure.statusCode, h.lastFailure.error)}`;
  }
  if (s.lastFailureAt) return timeOf(s.lastFailureAt);
  return html`<span class="muted">none</span>`;
}
