import type { Verity } from '../../../../compose.js';
import type { Customer } from '../../../../domain/customer/customer.js';
import type { StatusView } from '../../../../domain/customer/status-view.js';
import type { Document } from '../../../../domain/document/document.js';
import { NotFoundError } from '../../../../domain/errors.js';
import type { ReviewCase } from '../../../../domain/review/review-case.js';
import type { Tenant } from '../../../../domain/tenant.js';
import type { BalanceView } from '../../../../services/ledger/ledger-service.js';
import type { OnboardingView } from '../../../../services/onboarding/onboarding-service.js';
import type { HistoryRow } from '../../../../domain/customer/records.js';
import type { CustomerDeliveryRow } from '../../../../domain/webhooks/customer-delivery.js';

/** Everything the customer page shows, read through the services. */
export interface CustomerOverview {
  readonly customer: Customer;
  readonly tenant: Tenant;
  readonly status: StatusView;
  /** YYYY-MM-DD, decrypted for the page; absent when unknown or erased. */
  readonly dateOfBirth?: string;
  readonly onboarding: OnboardingView;
  readonly balances: readonly BalanceView[];
  readonly documents: readonly Document[];
  readonly reviewCase?: ReviewCase;
  readonly history: readonly HistoryRow[];
  /** Who each history line's actor is, keyed by `actorKey`. */
  readonly actorNames: ReadonlyMap<string, string>;
  readonly deliveries: readonly CustomerDeliveryRow[];
}

/** Webhook deliveries shown on the page, newest first. */
export const DELIVERIES_SHOWN = 50;

/** Any tenant's customer with everything about it; NotFoundError for an unknown id. */
export async function loadOverview(verity: Verity, id: string): Promise<CustomerOverview> {
  const found = await verity.customerSearch.find(id);
  const tenant = await verity.tenants.get(found.tenantId);
  const withStatus = await verity.customers.findWithStatus(tenant.id, { id: found.id }, tenant.requiredOnboardingSteps, { dateOfBirth: true });
  if (!withStatus) throw new NotFoundError('customer', 'Customer not found.');
  const { customer } = withStatus;
  const [onboarding, balances, documents, reviewCase, history, deliveries] = await Promise.all([
    verity.onboarding.get(tenant.id, customer.id),
    verity.ledger.balances(tenant.id, customer.id),
    verity.documents.list(tenant.id, customer.id),
    verity.customerSearch.openReviewCase(customer.id),
    verity.customers.history(tenant.id, customer.id),
    verity.customerSearch.webhookDeliveries(customer.id, DELIVERIES_SHOWN),
  ]);
  return {
    customer,
    tenant,
    status: withStatus.status,
    ...(withStatus.dateOfBirth !== undefined && { dateOfBirth: withStatus.dateOfBirth }),
    onboarding,
    balances,
    documents,
    ...(reviewCase && { reviewCase }),
    history: [...history].reverse(),
    actorNames: await actorNames(verity, history, tenant),
    deliveries,
  };
}

export function actorKey(row: Pick<HistoryRow, 'actorKind' | 'actorId'>): string {
  return `${row.actorKind}:${row.actorId ?? ''}`;
}

/** Operators by username, tenants by name, Verity itself as "Verity". */
async function actorNames(verity: Verity, history: readonly HistoryRow[], tenant: Tenant): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const row of history) {
    const key = actorKey(row);
    if (names.has(key)) continue;
    names.set(key, await actorName(verity, row, tenant));
  }
  return names;
}

async function actorName(verity: Verity, row: HistoryRow, tenant: Tenant): Promise<string> {
  const id = row.actorId;
  if (row.actorKind === 'system' || id === undefined) return 'Verity';
  if (row.actorKind === 'operator') {
    const operator = await verity.operators.get(id).catch(() => undefined);
    return operator ? `${operator.username} (${operator.role})` : `operator ${id}`;
  }
  if (row.actorKind === 'tenant') {
    const owner = id === tenant.id ? tenant : await verity.tenants.get(id).catch(() => undefined);
    return owner ? `${owner.name} (tenant API)` : `tenant ${id}`;
  }
  return `${row.actorKind} ${id}`;
}
