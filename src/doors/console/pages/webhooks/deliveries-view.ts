import type { FastifyRequest } from 'fastify';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../../../domain/webhooks/delivery-rules.js';
import type { DeliveryWithAttempts } from '../../../../services/webhooks/delivery-service.js';
import type { AttemptRecord } from '../../../../domain/webhooks/delivery-record.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { excerpt, outcomeOf, timeOf } from './format.js';
import { subscriptionPath } from './subscriptions-view.js';

export const DELIVERIES_PER_PAGE = 50;

export interface DeliveryListing {
  readonly subscriptionId: string;
  readonly deliveries: readonly DeliveryWithAttempts[];
  readonly total: number;
  readonly page: number;
  readonly status: DeliveryStatus | undefined;
  /** Whether to offer Retry (admins only). */
  readonly canAct: boolean;
}

/** The status filter (a GET form), a page of deliveries with their attempts folded in, and paging links. */
export function deliveriesSection(request: FastifyRequest, listing: DeliveryListing): Html {
  const path = subscriptionPath(listing.subscriptionId);
  return html`<h2 id="deliveries">Deliveries</h2>
<form class="filters" method="get" action="${path}">
<div><label for="status">Status</label>
<select id="status" name="status">
<option value="">Any status</option>
${DELIVERY_STATUSES.map((s) => html`<option value="${s}"${s === listing.status ? html` selected` : ''}>${s}</option>`)}
</select></div>
<button type="submit" class="secondary">Filter</button>
</form>
${listing.deliveries.length === 0
  ? html`<p class="muted">No deliveries${listing.status ? html` with status ${listing.status}` : ''}.</p>`
  : html`<table>
<thead><tr><th>Created</th><th>Event</th><th>Status</th><th>Next attempt</th><th>Last answer</th><th>Attempts</th>${listing.canAct ? html`<th>Actions</th>` : ''}</tr></thead>
<tbody>
${listing.deliveries.map((d) => deliveryRow(request, d, listing.canAct))}
</tbody>
</table>
${pager(path, listing)}`}`;
}

function deliveryRow(request: FastifyRequest, d: DeliveryWithAttempts, canAct: boolean): Html {
  return html`<tr id="delivery-${d.id}">
<td>${timeOf(d.createdAt)}</td>
<td><code>${d.topic}</code><br><span class="muted">event ${d.eventId}<br>resource ${d.resourceId}</span></td>
<td><span class="badge badge-${d.status}">${d.status}</span></td>
<td>${d.status === 'pending' ? timeOf(d.nextAttemptAt) : html`<span class="muted">—</span>`}</td>
<td>${d.attempts > 0 ? outcomeOf(d.lastStatusCode, d.lastError) : html`<span class="muted">not tried</span>`}</td>
<td>${attemptsDetails(d.attemptLog)}</td>
${canAct ? html`<td>${d.status === 'failed' ? retryForm(request, d) : ''}</td>` : ''}
</tr>`;
}

function attemptsDetails(attempts: readonly AttemptRecord[]): Html {
  if (attempts.length === 0) return html`<span class="muted">none</span>`;
  return html`<details class="attempts">
<summary>${attempts.length} ${attempts.length === 1 ? 'attempt' : 'attempts'}</summary>
<table>
<thead><tr><th>Started</th><th>HTTP status</th><th>Duration</th><th>Error or answer</th></tr></thead>
<tbody>
${attempts.map(
  (a) => html`<tr>
<td>${timeOf(a.startedAt)}</td>
<td>${a.responseStatus ?? html`<span class="muted">no answer</span>`}</td>
<td>${a.durationMs} ms</td>
<td>${a.error ? a.error : answerOf(a)}</td>
</tr>`,
)}
</tbody>
</table>
</details>`;
}

/** What the receiver answered, as far as the attempt log keeps it. */
function answerOf(a: AttemptRecord): Html {
  if (a.responseBody === undefined) return html`<span class="muted">body not recorded</span>`;
  return a.responseBody ? html`<code>${excerpt(a.responseBody, 300)}</code>` : html`<span class="muted">empty</span>`;
}

function retryForm(request: FastifyRequest, d: DeliveryWithAttempts): Html {
  return html`<form class="inline" method="post" action="${subscriptionPath(d.subscriptionId)}/deliveries/${d.id}/retry">
${csrfField(request)}
<input type="hidden" name="back" value="${request.url}">
<button type="submit">Retry</button>
</form>`;
}

function pager(path: string, listing: DeliveryListing): Html {
  const first = (listing.page - 1) * DELIVERIES_PER_PAGE + 1;
  const last = first + listing.deliveries.length - 1;
  const link = (page: number, label: string) => {
    const query = new URLSearchParams({ ...(listing.status && { status: listing.status }), page: String(page) });
    return html`<a href="${path}?${query.toString()}#deliveries">${label}</a>`;
  };
  return html`<p class="pager">
${listing.page > 1 ? link(listing.page - 1, '← Newer') : ''}
<span class="muted">${first}–${last} of ${listing.total}</span>
${last < listing.total ? link(listing.page + 1, 'Older →') : ''}
</p>`;
}
