import type { Customer } from '../../../../domain/customer/customer.js';
import { type Html, html } from '../../html.js';

export { badge, when } from '../../format.js';

/** The person's name; a business also shows its business name. */
export function customerName(customer: Pick<Customer, 'firstName' | 'lastName' | 'businessName'>): string {
  const person = `${customer.firstName} ${customer.lastName}`.trim();
  if (customer.businessName) return person ? `${customer.businessName} (${person})` : customer.businessName;
  return person || '(no name)';
}

export function customerPath(id: string): string {
  return `/console/customers/${id}`;
}

export function yesNo(value: boolean): Html {
  return value ? html`<span class="badge badge-ok">yes</span>` : html`<span class="badge">no</span>`;
}
