import type { Customer } from '../../../domain/customer/customer.js';
import { type Html, html } from '../../html.js';

/** A status as a coloured badge (the stylesheet colours `badge-<status>`). */
export function badge(status: string): Html {
  return html`<span class="badge badge-${status}">${status}</span>`;
}

/** A moment as operators read it (UTC, to the second), machine-readable in `datetime`. */
export function when(iso: string | undefined): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;
}

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
