import type { Customer } from '../../domain/customer/customer.js';
import type { StatusView } from '../../domain/customer/status-view.js';
import type { Money } from '../../domain/ledger/money.js';
import type { BalanceView } from '../../services/ledger/ledger-service.js';
import { isCorporate } from './customer-input.js';

/** What a customer without any ledger account shows. */
const NO_BALANCE: Money = { currencyCode: 'USD', units: '0', nanos: 0 };

/**
 * A customer as Delos shows it. Both id pairs are given: the documentation names them
 * cuid/puid, real responses customerId/partnerId. The status is the Delos one of the status view.
 * Balances are those of the customer's default currency: the first account the ledger lists,
 * which is the customer's oldest once the ledger lists accounts oldest first.
 */
export function delosCustomer(customer: Customer, status: StatusView, balances: readonly BalanceView[]) {
  const corporate = isCorporate(customer);
  const account = balances[0];
  return {
    cuid: customer.id,
    customerId: customer.id,
    puid: customer.tenantId,
    partnerId: customer.tenantId,
    status: status.dialects.delos,
    createAt: toSeconds(customer.createdAt),
    updateAt: toSeconds(customer.updatedAt),
    name: (corporate ? customer.businessName : customer.firstName) ?? '',
    lastname: corporate ? '' : customer.lastName,
    comment: customer.comment ?? '',
    company: customer.company ?? '',
    type: corporate ? 'CORPORATE' : 'INDIVIDUAL',
    balance: account?.balance ?? NO_BALANCE,
    balanceHold: account?.balanceHold ?? NO_BALANCE,
    phone: internationalPhone(customer),
    email: customer.email,
  };
}

/** ISO 8601 in whole seconds, as Delos writes it: 2024-01-15T10:30:00Z. */
function toSeconds(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Verity keeps a US phone as its 10 digits; Delos shows every phone in E.164. */
function internationalPhone(customer: Pick<Customer, 'phone' | 'country'>): string {
  const phone = customer.phone ?? '';
  return (customer.country ?? 'US') === 'US' && /^\d{10}$/.test(phone) ? `+1${phone}` : phone;
}
