import type { FastifyRequest } from 'fastify';
import type { Operator } from '../../../../domain/operator.js';
import type { Tenant } from '../../../../domain/tenant.js';
import type { ClaimFilter, QueueEntry } from '../../../../domain/review/queue.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { ageOf, badge, isolated } from './format.js';

export const QUEUE_STATES = ['open', 'approved_once', 'rejected_once'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export const CLAIM_FILTERS: readonly ClaimFilter[] = ['anyone', 'unclaimed', 'mine'];
/** The queue shows at most this many cases: the oldest, which are the ones to work on first. */
export const QUEUE_LIMIT = 100;

export interface QueueFilters {
  readonly tenantId?: string;
  readonly state?: QueueState;
  readonly claim: ClaimFilter;
}

export interface QueueView {
  readonly entries: readonly QueueEntry[];
  readonly tenants: readonly Tenant[];
  readonly filters: QueueFilters;
  readonly me: Operator;
  readonly now: Date;
}

/**
 * The queue's filters as a query string ("" for the whole queue): carried from the queue to the
 * case and back, so that after a decision "Next case" picks from the queue the reviewer came from.
 */
export function queueQuery(filters: QueueFilters): string {
  const query = new URLSearchParams();
  if (filters.tenantId) query.set('tenant', filters.tenantId);
  if (filters.state) query.set('state', filters.state);
  if (filters.claim !== 'anyone') query.set('claim', filters.claim);
  return query.toString();
}

/** A case's page, remembering the queue it was opened from (none: the whole queue). */
export function casePathIn(caseId: string, query: string | undefined): string {
  return `/console/cases/${caseId}${query ? `?queue=${encodeURIComponent(query)}` : ''}`;
}

/** The hidden field that carries the queue through a form (nothing for the whole queue). */
export function queueField(query: string | undefined): Html | '' {
  return query ? html`<input type="hidden" name="queue" value="${query}">` : '';
}

export function queuePage(request: FastifyRequest, view: QueueView): Html {
  const { entries } = view;
  return html`${filtersForm(view)}
${
  entries.length === 0
    ? html`<div class="card"><p>No cases in progress match these filters.</p></div>`
    : html`<table class="queue">
<caption class="muted">${entries.length === QUEUE_LIMIT ? `The oldest ${QUEUE_LIMIT} cases` : `${entries.length} ${entries.length === 1 ? 'case' : 'cases'}`} in progress, oldest first</caption>
<thead><tr><th scope="col">Age</th><th scope="col">Customer</th><th scope="col">Tenant</th><th scope="col">Kind</th><th scope="col">Documents</th><th scope="col">State</th><th scope="col">Claimed by</th><th scope="col">Action</th></tr></thead>
<tbody>
${entries.map((entry) => row(request, entry, view))}
</tbody>
</table>`
}`;
}

function row(request: FastifyRequest, entry: QueueEntry, { me, now, filters }: QueueView): Html {
  const query = queueQuery(filters);
  const open = casePathIn(entry.caseId, query);
  const heldByMe = entry.claimedBy?.id === me.id;
  const heldByOther = entry.claimedBy !== undefined && !heldByMe;
  return html`<tr>
<td><time datetime="${entry.createdAt}" title="Opened ${entry.createdAt.slice(0, 16).replace('T', ' ')} UTC">${ageOf(entry.createdAt, now)}</time></td>
<td><a href="/console/cases/${entry.caseId}">${isolated(entry.customerName)}</a>${entry.businessName ? html` <span class="muted">(${isolated(entry.businessName)})</span>` : ''}<br><span class="muted">${entry.customerEmail}</span></td>
<td>${entry.tenantName}</td>
<td>${entry.kind === 'screening' ? badge('screening') : 'documents'}</td>
<td>${entry.kind === 'screening' ? html`<span class="muted">—</span>` : entry.documentCount}</td>
<td>${badge(entry.state)}${entry.firstDecisionBy ? html`<br><span class="muted">first decision by ${entry.firstDecisionBy}</span>` : ''}</td>
<td>${heldByMe ? 'you' : (entry.claimedBy?.username ?? '—')}</td>
<td>${
    heldByMe
      ? html`<a href="${open}">Open</a>`
      : heldByOther
        ? html`<span class="muted">Held</span>`
        : html`<form class="inline" method="post" action="/console/cases/${entry.caseId}/claim">${csrfField(request)}${queueField(query)}<button type="submit">Claim</button></form>`
  }</td>
</tr>`;
}

function filtersForm({ tenants, filters }: QueueView): Html {
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/console/queue">
<div><label for="queue-tenant">Tenant</label>
<select id="queue-tenant" name="tenant">${option('', 'All tenants', !filters.tenantId)}${tenants.map((t) => option(t.id, t.name, t.id === filters.tenantId))}</select></div>
<div><label for="queue-state">State</label>
<select id="queue-state" name="state">${option('', 'Any state', !filters.state)}${QUEUE_STATES.map((s) => option(s, s.replace('_', ' '), s === filters.state))}</select></div>
<div><label for="queue-claim">Claim</label>
<select id="queue-claim" name="claim">${option('anyone', 'Anyone', filters.claim === 'anyone')}${option('unclaimed', 'Unclaimed', filters.claim === 'unclaimed')}${option('mine', 'Mine', filters.claim === 'mine')}</select></div>
<button type="submit" class="secondary">Filter</button>
</form>`;
}
