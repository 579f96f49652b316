import { verificationView } from '../../verification-view.js';
import type { Customer } from '../../../../domain/customer/customer.js';
import { type Html, html } from '../../html.js';
import type { CaseFile } from './case-file.js';
import { isolated } from '../../format.js';
import { badge, when } from './format.js';

/** The customer's submitted data (the SSN as its last four digits only) and what is still required. */
export function customerPanel(file: CaseFile): Html {
  const { customer, status, tenant } = file;
  const row = (label: string, value: Html | string | undefined) =>
    html`<dt>${label}</dt><dd>${value === undefined || value === '' ? html`<span class="muted">—</span>` : typeof value === 'string' ? isolated(value) : value}</dd>`;
  return html`<section class="card" aria-labelledby="customer-heading">
<h2 id="customer-heading">Customer</h2>
<dl class="fields">
${row('Name', `${customer.firstName} ${customer.lastName}`)}
${customer.businessName !== undefined ? row('Business', `${customer.businessName}${customer.businessType ? ` (${customer.businessType})` : ''}`) : ''}
${customer.controller ? row('Controller', `${customer.controller.firstName} ${customer.controller.lastName}, ${customer.controller.title}`) : ''}
${row('Email', customer.email)}
${row('Phone', customer.phone)}
${row('Date of birth', dateOfBirth(customer, file.dateOfBirth))}
${row('Address', address(customer))}
${row('SSN', ssn(customer))}
${row('Type', customer.type)}
${row('Status', badge(customer.status))}
${row('Tenant', tenant.name)}
${customer.externalReference !== undefined ? row('Their reference', customer.externalReference) : ''}
${row('Created', when(customer.createdAt))}
</dl>
<p><a href="/console/customers/${customer.id}">Customer page</a></p>
<h3>Verification</h3>
${verificationView(status.verification)}
<h3>Requirements</h3>
${
  status.requirements.length === 0
    ? html`<p class="muted">Nothing outstanding.</p>`
    : html`<ul class="requirements">${status.requirements.map((r) => html`<li><code>${r.code}</code> ${r.reason}</li>`)}</ul>`
}
</section>`;
}

function dateOfBirth(customer: Customer, decrypted: string | undefined): string | undefined {
  if (decrypted !== undefined) return decrypted;
  return customer.hasDateOfBirth ? 'on file (erased or unreadable)' : undefined;
}

function address(customer: Customer): Html | undefined {
  const lines = [
    customer.address1,
    customer.address2,
    [customer.city, [customer.state, customer.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '),
    customer.country,
  ].filter((line): line is string => Boolean(line));
  return lines.length === 0 ? undefined : html`${lines.map((line, i) => html`${i > 0 ? html`<br>` : ''}${isolated(line)}`)}`;
}

function ssn(customer: Customer): string | undefined {
  if (customer.ssnLast4 === undefined) return undefined;
  return `•••-••-${customer.ssnLast4} (${customer.hasFullSsn ? 'full number on file' : 'last four given'})`;
}
