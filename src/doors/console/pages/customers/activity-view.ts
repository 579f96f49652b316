import type { Document } from '../../../../domain/document/document.js';
import type { HistoryRow } from '../../../../domain/customer/records.js';
import type { CustomerDeliveryRow } from '../../../../domain/webhooks/customer-delivery.js';
import { type Html, html } from '../../html.js';
import { badge, when } from './format.js';
import { actorKey, type CustomerOverview, DELIVERIES_SHOWN } from './overview.js';

export function documentsSection({ documents }: CustomerOverview): Html {
  return html`<section class="card" aria-labelledby="documents-heading">
<h2 id="documents-heading">Documents</h2>
${documents.length === 0
    ? html`<p class="muted">No documents uploaded.</p>`
    : html`<table>
<thead><tr><th scope="col">Type</th><th scope="col">Side</th><th scope="col">Format</th><th scope="col">Status</th><th scope="col">Failure reasons</th><th scope="col">Uploaded</th><th scope="col">Reviewed</th><th scope="col">File</th></tr></thead>
<tbody>${documents.map(documentRow)}</tbody>
</table>`}
</section>`;
}

function documentRow(d: Document): Html {
  const reasons = d.allFailureReasons.map((f) => html`<li><code>${f.reason}</code> ${f.description}</li>`);
  return html`<tr>
<td>${d.type}</td>
<td>${d.side ?? html`<span class="muted">—</span>`}</td>
<td>${d.mediaType}</td>
<td>${badge(d.status)}${d.outcome ? html` ${badge(d.outcome)}` : ''}</td>
<td>${reasons.length > 0 ? html`<ul class="reasons">${reasons}</ul>` : html`<span class="muted">—</span>`}</td>
<td>${when(d.createdAt)}</td>
<td>${d.reviewedAt ? when(d.reviewedAt) : html`<span class="muted">—</span>`}</td>
<td><a href="/console/documents/${d.id}/file">View file</a></td>
</tr>`;
}

export function historySection({ history, actorNames }: CustomerOverview): Html {
  return html`<section class="card" aria-labelledby="history-heading">
<h2 id="history-heading">History</h2>
${history.length === 0
    ? html`<p class="muted">Nothing recorded yet.</p>`
    : html`<ol class="timeline">${history.map((row) => historyItem(row, actorNames.get(actorKey(row)) ?? row.actorKind))}</ol>`}
</section>`;
}

function historyItem(row: HistoryRow, actor: string): Html {
  const change =
    row.statusBefore === undefined
      ? html`→ ${badge(row.statusAfter)}`
      : row.statusBefore === row.statusAfter
        ? html`${badge(row.statusAfter)}`
        : html`${badge(row.statusBefore)} → ${badge(row.statusAfter)}`;
  return html`<li>
${when(row.createdAt)}
<strong>${row.action}</strong> ${change} <span class="muted">by</span> ${actor}
${row.reasonCode ? html`<div>Reason code: <code>${row.reasonCode}</code></div>` : ''}
${row.basis ? html`<div>Verified on basis <code>${row.basis}</code></div>` : ''}
${row.comment ? html`<div class="history-comment">${row.comment}</div>` : ''}
</li>`;
}

export function deliveriesSection({ deliveries }: CustomerOverview): Html {
  return html`<section class="card" aria-labelledby="deliveries-heading">
<h2 id="deliveries-heading">Webhook deliveries</h2>
<p class="muted">Deliveries of events about this customer and its documents, newest first (at most ${DELIVERIES_SHOWN}).</p>
${deliveries.length === 0
    ? html`<p class="muted">No webhook deliveries about this customer.</p>`
    : html`<table>
<thead><tr><th scope="col">Event</th><th scope="col">About</th><th scope="col">Subscription URL</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last attempt</th><th scope="col">Created</th></tr></thead>
<tbody>${deliveries.map(deliveryRow)}</tbody>
</table>`}
</section>`;
}

function deliveryRow(d: CustomerDeliveryRow): Html {
  const outcome = d.lastStatusCode !== undefined ? html` <span class="muted">HTTP ${d.lastStatusCode}</span>` : d.lastError ? html` <span class="muted">${d.lastError}</span>` : '';
  return html`<tr>
<td><code>${d.topic}</code></td>
<td>${d.resourceType}</td>
<td><code>${d.subscriptionUrl}</code></td>
<td>${badge(d.status)}</td>
<td>${d.attempts}</td>
<td>${d.lastAttemptAt ? html`${when(d.lastAttemptAt)}${outcome}` : html`<span class="muted">not yet</span>`}</td>
<td>${when(d.createdAt)}</td>
</tr>`;
}
