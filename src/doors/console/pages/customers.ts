import type { FastifyPluginAsync } from 'fastify';
import type { Verity } from '../../../compose.js';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../../../domain/customer/customer.js';
import { BadRequestError, NotFoundError } from '../../../domain/errors.js';
import { field, requiredField } from '../forms.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { redirectWithNotice, requireAdmin } from '../session.js';
import { deliveriesSection, documentsSection, historySection } from './customers/activity-view.js';
import { actionsSection, CONSOLE_ACTIONS, isConsoleAction, REASON_MAX_LENGTH } from './customers/actions-view.js';
import { badge, customerName, customerPath } from './customers/format.js';
import { loadOverview } from './customers/overview.js';
import { balancesSection, identitySection, onboardingSection, statusSection } from './customers/profile-view.js';
import { type SearchForm, searchPage } from './customers/search-view.js';

/** Customers shown per page of search results. */
const PAGE_SIZE = 50;
const MAX_QUERY_LENGTH = 200;

/**
 * Customers across every tenant: search, the customer page (Veratad's `customer_link` points
 * here), and the admin's lifecycle actions, each with the reason that goes into the history.
 */
export const customerRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  app.get('/customers', async (request, reply) => {
    const tenants = await verity.tenants.list();
    const form = searchFormOf(request.query, new Set(tenants.map((t) => t.id)));
    const after = field(request.query, 'after');
    const results = await verity.customerSearch.search({
      ...(form.q !== undefined && { text: form.q }),
      ...(form.status !== undefined && { status: form.status }),
      ...(form.tenantId !== undefined && { tenantId: form.tenantId }),
      ...(after !== undefined && { after }),
      limit: PAGE_SIZE,
    });
    return sendPage(request, reply, { title: 'Customers', section: 'customers', body: searchPage(form, tenants, results, after === undefined) });
  });

  app.get<{ Params: { id: string } }>('/customers/:id', async (request, reply) => {
    const overview = await loadOverview(verity, request.params.id);
    const { customer } = overview;
    const isAdmin = request.consoleSession?.operator.role === 'admin';
    return sendPage(request, reply, {
      title: customerName(customer),
      section: 'customers',
      breadcrumb: html`<a href="/console/customers">Customers</a>`,
      body: html`<p class="customer-summary">${badge(customer.status)} <span class="muted">Tenant</span> ${overview.tenant.name} <span class="muted">Number</span> ${customer.number}</p>
<div class="grid">
${identitySection(overview)}
${statusSection(overview)}
${onboardingSection(overview)}
${balancesSection(overview)}
</div>
${isAdmin ? actionsSection(request, customer.id, customer.status) : ''}
${documentsSection(overview)}
${historySection(overview)}
${deliveriesSection(overview)}`,
    });
  });

  app.post<{ Params: { id: string; action: string } }>(
    '/customers/:id/actions/:action',
    { config: { consoleRole: 'admin' } },
    async (request, reply) => {
      const { id, action } = request.params;
      if (!isConsoleAction(action)) throw new NotFoundError('action', `There is no customer action ${action}.`);
      const operator = requireAdmin(request);
      const reason = requiredField(request.body, 'reason', 'A reason');
      if (reason.length > REASON_MAX_LENGTH) throw new BadRequestError(`The reason must be ${REASON_MAX_LENGTH} characters or fewer.`);
      const fraud = action === 'suspend' && field(request.body, 'fraud') !== undefined;
      const changed = await verity.customers.act(
        undefined,
        id,
        action,
        { kind: 'operator', id: operator.id, role: operator.role },
        { comment: reason, ...(fraud && { reasonCode: 'fraud' }) },
      );
      return redirectWithNotice(request, reply, customerPath(changed.id), { kind: 'ok', text: CONSOLE_ACTIONS[action].done });
    },
  );
};

/** The search as typed; an unknown status or tenant is a mistake worth saying, not ignoring. */
function searchFormOf(query: unknown, tenantIds: ReadonlySet<string>): SearchForm {
  const q = field(query, 'q');
  const status = field(query, 'status');
  const tenantId = field(query, 'tenant');
  if (q !== undefined && q.length > MAX_QUERY_LENGTH) throw new BadRequestError(`Search for at most ${MAX_QUERY_LENGTH} characters.`);
  if (status !== undefined && !(CUSTOMER_STATUSES as readonly string[]).includes(status)) throw new BadRequestError(`There is no status ${status}.`);
  if (tenantId !== undefined && !tenantIds.has(tenantId)) throw new BadRequestError('There is no such tenant.');
  return {
    ...(q !== undefined && { q }),
    ...(status !== undefined && { status: status as CustomerStatus }),
    ...(tenantId !== undefined && { tenantId }),
  };
}
