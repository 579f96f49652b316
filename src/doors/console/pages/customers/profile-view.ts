import { verificationView } from '../../verification-view.js';
import type { Customer } from '../../../../domain/customer/customer.js';
import { formatMoney, type Money } from '../../../../domain/ledger/money.js';
import { type Html, html } from '../../html.js';
import { isolated } from '../../format.js';
import { badge, when, yesNo } from './format.js';
import type { CustomerOverview } from './overview.js';

/** One line of a definition list; nothing when there is no value. */
function line(label: string, value: Html | string | number | undefined): Html {
  if (value === undefined || value === '') return html``;
  return html`<dt>${label}</dt><dd>${typeof value === 'string' ? isolated(value) : value}</dd>`;
}

/** Never more than the last four digits: the full SSN stays encrypted and is not shown to anyone. */
function ssnShown(customer: Pick<Customer, 'ssnLast4' | 'hasFullSsn'>): Html | undefined {
  if (!customer.ssnLast4) return undefined;
  return html`<code>•••-••-${customer.ssnLast4}</code> <span class="muted">${customer.hasFullSsn ? 'full SSN on file' : 'last 4 only'}</span>`;
}

function address(parts: ReadonlyArray<string | undefined>): string | undefined {
  const text = parts.filter((p) => p !== undefined && p !== '').join(', ');
  return text === '' ? undefined : text;
}

export function identitySection({ customer: c, tenant, dateOfBirth }: CustomerOverview): Html {
  const controller = c.controller;
  return html`<section class="card" aria-labelledby="identity-heading">
<h2 id="identity-heading">Identity</h2>
<dl class="fields">
${line('Customer id', html`<code>${c.id}</code>`)}
${line('Number', c.number)}
${line('Tenant', tenant.name)}
${line('Type', c.type)}
${line('First name', c.firstName)}
${line('Last name', c.lastName)}
${line('Email', c.email)}
${line('Phone', c.phone)}
${line('Date of birth', dateOfBirth ?? (c.hasDateOfBirth ? html`<span class="muted">on file, not readable (erased)</span>` : undefined))}
${line('SSN', ssnShown(c))}
${line('Address', address([c.address1, c.address2, c.city, c.state, c.postalCode, c.country]))}
${line('IP address', c.ipAddress)}
${line('Business name', c.businessName)}
${line('Doing business as', c.doingBusinessAs)}
${line('Business type', c.businessType)}
${line('Classification', c.businessClassification)}
${line('EIN', c.ein)}
${line('Website', c.website)}
${controller ? line('Controller', `${controller.firstName} ${controller.lastName}, ${controller.title}`) : ''}
${controller ? line('Controller address', address([controller.address.address1, controller.address.address2, controller.address.city, controller.address.stateProvinceRegion, controller.address.postalCode, controller.address.country])) : ''}
${controller?.ssnLast4 ? line('Controller SSN', html`<code>•••-••-${controller.ssnLast4}</code>`) : ''}
${line('Controller passport country', controller?.passportCountry)}
${line('External reference', c.externalReference)}
${line('Company', c.company)}
${line('Comment', c.comment)}
${line('Created', when(c.createdAt))}
${line('Updated', when(c.updatedAt))}
</dl>
</section>`;
}

const DIALECTS = [
  ['dwolla', 'Dwolla'],
  ['veratad', 'Veratad'],
  ['delos', 'Delos'],
  ['tenpay', '10npay'],
] as const;

export function statusSection({ customer, status, reviewCase }: CustomerOverview): Html {
  const requirements = status.requirements.map((r) => html`<li><code>${r.code}</code> ${r.reason}</li>`);
  return html`<section class="card" aria-labelledby="status-heading">
<h2 id="status-heading">Status and requirements</h2>
<dl class="fields">
${line('Status', badge(status.status))}
${customer.suspensionCause ? line('Suspension cause', customer.suspensionCause) : ''}
${line('Review', status.reviewState === 'none' ? 'none open' : status.reviewState.replace('_', ' '))}
${reviewCase ? line('Review case', html`<a href="/console/cases/${reviewCase.id}">Open review case</a> ${badge(reviewCase.state)}`) : ''}
${line('Can send', yesNo(status.capabilities.canSend))}
${line('Can receive', yesNo(status.capabilities.canReceive))}
${line('Retry used', yesNo(customer.retryUsed))}
</dl>
<h3>Verification</h3>
${verificationView(status.verification)}
<h3>Requirements</h3>
${requirements.length > 0 ? html`<ul class="requirements">${requirements}</ul>` : html`<p class="muted">Nothing is required.</p>`}
<h3>Status in each dialect</h3>
<table>
<thead><tr><th scope="col">Dialect</th><th scope="col">Status shown</th></tr></thead>
<tbody>${DIALECTS.map(([key, label]) => html`<tr><td>${label}</td><td><code>${String(status.dialects[key])}</code></td></tr>`)}</tbody>
</table>
</section>`;
}

export function onboardingSection({ onboarding, tenant }: CustomerOverview): Html {
  const required = tenant.requiredOnboardingSteps;
  return html`<section class="card" aria-labelledby="onboarding-heading">
<h2 id="onboarding-heading">Onboarding</h2>
<dl class="fields">
${line('Email verified', yesNo(onboarding.emailVerified))}
${line('Phone verified', yesNo(onboarding.phoneVerified))}
${line('SCA provisioned', yesNo(onboarding.scaProvisioned))}
${line('Additional data submitted', yesNo(onboarding.additionalDataSubmitted))}
${line('Optional KYC done', yesNo(onboarding.optionalKycDone))}
${line('Required by the tenant', required.length > 0 ? required.join(', ') : html`<span class="muted">no steps</span>`)}
</dl>
${onboarding.additionalData === undefined ? '' : html`<details><summary>Additional data as submitted</summary><pre>${JSON.stringify(onboarding.additionalData, null, 2)}</pre></details>`}
</section>`;
}

export function balancesSection({ balances }: CustomerOverview): Html {
  const rows = balances.map(
    (b) => html`<tr><td>${b.currency}</td><td>${groupedMoney(b.balance)}</td><td>${groupedMoney(b.balanceHold)}</td></tr>`,
  );
  return html`<section class="card" aria-labelledby="balances-heading">
<h2 id="balances-heading">Balances</h2>
${rows.length === 0
    ? html`<p class="muted">No balances.</p>`
    : html`<table class="balances"><thead><tr><th scope="col">Currency</th><th scope="col">Available</th><th scope="col">Held</th></tr></thead><tbody>${rows}</tbody></table>`}
</section>`;
}

/** THIN SPACE: groups the digits for reading, and a line may break there in a narrow card. */
const DIGIT_GROUP = '\u2009';

/** "123456789012345.5 USD" as "123 456 789 012 345.5 USD": whole units in groups of three. */
function groupedMoney(money: Money): string {
  const text = formatMoney(money);
  const [, sign = '', whole = '', rest = ''] = /^(-?)(\d+)(.*)$/s.exec(text) ?? [];
  if (whole.length <= 3) return text;
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, DIGIT_GROUP)}${rest}`;
}
