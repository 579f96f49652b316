import type { Customer } from '../../domain/customer/customer.js';
import { dialectStatuses } from '../../domain/customer/dialect-status.js';
import type { Static } from 'typebox';
import { type HalLink, link } from './hal.js';
import type { DwollaCustomer } from './schemas.js';

const EDIT_FORM_TYPE = `application/vnd.dwolla.v1.hal+json; profile="https://github.com/dwolla/hal-forms"`;

/**
 * A customer as Dwolla shows it: its Dwolla status (DESIGN §4, so a closed customer is
 * `deactivated`), no secrets, no null fields, and the links that fit its status.
 */
export function dwollaCustomer(customer: Customer, base: string): Static<typeof DwollaCustomer> {
  const status = dialectStatuses({ status: customer.status, reviewState: 'none', ...(customer.suspensionCause && { suspensionCause: customer.suspensionCause }) }).dwolla;
  return {
    _links: customerLinks(customer, base),
    id: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    type: customer.type,
    status,
    created: customer.createdAt,
    ...pick(customer, ['address1', 'address2', 'city', 'state', 'postalCode', 'phone', 'businessName', 'businessType', 'businessClassification', 'doingBusinessAs', 'website']),
    ...(customer.externalReference !== undefined && { correlationId: customer.externalReference }),
    ...(customer.controller && {
      controller: {
        firstName: customer.controller.firstName,
        lastName: customer.controller.lastName,
        title: customer.controller.title,
        address: customer.controller.address,
      },
    }),
  };
}

/**
 * Only links that lead somewhere on Verity: Dwolla's `funding-sources`, `transfers`, `send` and
 * `receive` name money movement Verity does not hold, so they are left out.
 */
function customerLinks(customer: Customer, base: string): Record<string, HalLink> {
  const self = `${base}/customers/${customer.id}`;
  const links: Record<string, HalLink> = { self: link(self, 'customer') };
  if (customer.status === 'closed') return links;
  links.edit = link(self, 'customer');
  links['edit-form'] = { href: self, type: EDIT_FORM_TYPE, 'resource-type': 'customer' };
  if (customer.status === 'retry') links['retry-verification'] = link(self, 'customer');
  if (customer.status === 'document') {
    links['verify-with-document'] = link(`${self}/documents`, 'document');
    links['document-form'] = { href: `${self}/documents`, type: EDIT_FORM_TYPE, 'resource-type': 'document' };
  }
  if (customer.status === 'deactivated') links.reactivate = link(self, 'customer');
  else if (customer.status !== 'suspended') links.deactivate = link(self, 'customer');
  return links;
}

/** The fields that are set, without the unset ones. */
function pick<K extends keyof Customer>(customer: Customer, keys: readonly K[]): Partial<Pick<Customer, K>> {
  const out: Partial<Pick<Customer, K>> = {};
  for (const key of keys) if (customer[key] !== undefined && customer[key] !== null) out[key] = customer[key];
  return out;
}
