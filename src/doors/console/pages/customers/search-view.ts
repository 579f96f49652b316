import { CUSTOMER_STATUSES, type Customer, type CustomerStatus } from '../../../../domain/customer/customer.js';
import type { Tenant } from '../../../../domain/tenant.js';
import { type Html, html } from '../../html.js';
import { isolated } from '../../format.js';
import { badge, customerName, customerPath, when } from './format.js';

/** The search as the form sent it (blank fields absent). */
export interface SearchForm {
  readonly q?: string;
  readonly status?: CustomerStatus;
  readonly tenantId?: string;
}

export interface SearchResults {
  readonly customers: readonly Customer[];
  readonly nextCursor?: string;
}

/** The search form (a GET form: results are linkable and work without script) and the results. */
export function searchPage(form: SearchForm, tenants: readonly Tenant[], results: SearchResults, isFirstPage: boolean): Html {
  const tenantNames = new Map(tenants.map((t) => [t.id, t.name]));
  return html`${searchForm(form, tenants)}
${results.customers.length === 0 ? html`<p class="muted">No customers match.</p>` : resultsTable(results.customers, tenantNames)}
<p>
${isFirstPage ? '' : html`<a href="${searchHref(form)}">First page</a> `}
${results.nextCursor ? html`<a rel="next" href="${searchHref(form, results.nextCursor)}">Next page</a>` : ''}
</p>`;
}

function searchForm(form: SearchForm, tenants: readonly Tenant[]): Html {
  const statusOptions = CUSTOMER_STATUSES.map((s) => html`<option value="${s}"${s === form.status ? html` selected` : ''}>${s}</option>`);
  const tenantOptions = tenants.map((t) => html`<option value="${t.id}"${t.id === form.tenantId ? html` selected` : ''}>${t.name}</option>`);
  return html`<form class="filters" method="get" action="/console/customers" role="search">
<div><label for="customer-q">Search</label>
<input type="search" id="customer-q" name="q" value="${form.q ?? ''}" placeholder="Name, email, id or number" maxlength="200"></div>
<div><label for="customer-status">Status</label>
<select id="customer-status" name="status"><option value="">Any status</option>${statusOptions}</select></div>
<div><label for="customer-tenant">Tenant</label>
<select id="customer-tenant" name="tenant"><option value="">All tenants</option>${tenantOptions}</select></div>
<div><button type="submit">Search</button></div>
</form>`;
}

function resultsTable(customers: readonly Customer[], tenantNames: ReadonlyMap<string, string>): Html {
  const rows = customers.map(
    (c) => html`<tr>
<td><a href="${customerPath(c.id)}">${isolated(customerName(c))}</a></td>
<td>${c.email || html`<span class="muted">—</span>`}</td>
<td>${c.number}</td>
<td>${c.type}</td>
<td>${badge(c.status)}</td>
<td>${tenantNames.get(c.tenantId) ?? c.tenantId}</td>
<td>${when(c.createdAt)}</td>
</tr>`,
  );
  return html`<table>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Number</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Tenant</th><th scope="col">Created</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

function searchHref(form: SearchForm, after?: string): string {
  const query = new URLSearchParams();
  if (form.q) query.set('q', form.q);
  if (form.status) query.set('status', form.status);
  if (form.tenantId) query.set('tenant', form.tenantId);
  if (after) query.set('after', after);
  const text = query.toString();
  return text ? `/console/customers?${text}` : '/console/customers';
}
