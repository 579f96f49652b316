import type { FastifyRequest } from 'fastify';
import { mayAttest, type SelfAttestationSetting, TENANT_NAME_MAX_LENGTH, type Tenant, tenantVerificationPolicy, usesMagicValues } from '../../../../domain/tenant.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { when } from '../../format.js';

/** Every tenant with a rotate button, and the form to create one. */
export function tenantsSection(request: FastifyRequest, tenants: readonly Tenant[], sandboxMode: boolean): Html {
  return html`<section>
<h2>Tenants</h2>
${tenants.length === 0
  ? html`<p class="muted">No tenants yet.</p>`
  : html`<table>
<thead><tr><th>Name</th><th>Key</th><th>Sandbox</th><th>Self-attestation</th><th>Verification bases</th><th>Created</th><th>Actions</th></tr></thead>
<tbody>
${tenants.map((t) => tenantRow(request, t, sandboxMode))}
</tbody>
</table>`}
<form class="card stack" method="post" action="/console/admin/tenants">
<h3>Create tenant</h3>
${csrfField(request)}
<label for="tenant-name">Name</label>
<input type="text" id="tenant-name" name="name" required maxlength="${TENANT_NAME_MAX_LENGTH}">
${sandboxChoice(sandboxMode)}
<button type="submit">Create tenant</button>
</form>
</section>`;
}

function tenantRow(request: FastifyRequest, t: Tenant, sandboxMode: boolean): Html {
  const question = `Rotate the secret of ${t.name}? The current secret and every token issued with it stop working at once.`;
  return html`<tr>
<td>${t.name}</td>
<td><code>${t.key}</code></td>
<td>${sandboxCell(t, sandboxMode)}</td>
<td>${attestationCell(request, t, sandboxMode)}</td>
<td>${basesCell(request, t, sandboxMode)}</td>
<td>${when(t.createdAt)}</td>
<td>
<form class="inline" method="post" action="/console/admin/tenants/${t.id}/rotate-secret" data-confirm="${question}">
${csrfField(request)}
<button type="submit" class="danger">Rotate secret</button>
</form>
<a href="/console/webhooks?tenant=${encodeURIComponent(t.id)}">Webhooks</a>
</td>
</tr>`;
}

/**
 * Sandbox mode: a new tenant is a sandbox tenant (magic values decide) unless unchecked.
 * Production mode has no sandbox tenants, so there is nothing to choose.
 */
function sandboxChoice(sandboxMode: boolean): Html {
  if (!sandboxMode) return html`<p class="muted">Production mode: tenants are never sandbox tenants (no magic values).</p>`;
  return html`<label class="check"><input type="checkbox" id="tenant-sandbox" name="sandbox" value="yes" checked> Sandbox tenant (magic values decide its customers' outcome)</label>`;
}

function sandboxCell(t: Tenant, sandboxMode: boolean): Html {
  if (!t.isSandbox) return html`<span class="muted">no</span>`;
  if (!usesMagicValues(t, sandboxMode)) return html`<span class="muted">sandbox, ignored in production mode</span>`;
  return html`<span class="badge badge-pending">sandbox</span>`;
}

/**
 * Whether the tenant may attest its customers' verification on its own word (Veratad's
 * updateStatus PASS), with a form to allow, refuse, or return to the mode's default.
 */
function attestationCell(request: FastifyRequest, t: Tenant, sandboxMode: boolean): Html {
  const allowed = mayAttest(t, sandboxMode);
  const current: SelfAttestationSetting = t.selfAttestation === undefined ? 'default' : t.selfAttestation ? 'on' : 'off';
  const label = (setting: SelfAttestationSetting) =>
    setting === 'default' ? `Mode default (${sandboxMode ? 'allowed in sandbox' : 'refused in production'})` : setting === 'on' ? 'Allowed' : 'Refused';
  return html`${allowed ? html`<span class="badge badge-pending">allowed</span>` : html`<span class="muted">refused</span>`}${current === 'default' ? html` <span class="muted">(default)</span>` : ''}
<form class="inline" method="post" action="/console/admin/tenants/${t.id}/self-attestation">
${csrfField(request)}
<select name="setting" aria-label="Self-attestation of ${t.name}">
${(['default', 'on', 'off'] as const).map((setting) => html`<option value="${setting}"${setting === current ? ' selected' : ''}>${label(setting)}</option>`)}
</select>
<button type="submit">Set</button>
</form>`;
}

/**
 * The verification bases the tenant accepts (see README "How Verity decides"): one box per basis
 * available to it; all boxes ticked, or none, go back to the default (every available basis).
 */
function basesCell(request: FastifyRequest, t: Tenant, sandboxMode: boolean): Html {
  const { accepted, available } = tenantVerificationPolicy(t, sandboxMode);
  return html`<form class="inline" method="post" action="/console/admin/tenants/${t.id}/verification-bases">
${csrfField(request)}
${available.map(
    (basis) =>
      html`<label class="check"><input type="checkbox" name="basis" value="${basis}"${accepted.includes(basis) ? ' checked' : ''} aria-label="${t.name} accepts ${basis}"> ${basis.replace('_', ' ')}</label> `,
  )}${t.acceptedBases === undefined ? html`<span class="muted">(default)</span>` : ''}
<button type="submit">Set</button>
</form>`;
}

/**
 * The answer to creating a tenant or rotating its secret: the only place the secret is ever
 * shown. It goes out in this response alone (never a redirect, cookie or log), so reloading or
 * going back cannot show it again.
 */
export function secretBody(tenant: Tenant, secret: string, created: boolean): Html {
  return html`<div class="card">
<p>${created ? 'The tenant was created.' : 'The secret was replaced: the previous secret and the tokens issued with it no longer work.'}
Store the secret now: <strong>it is shown only this once</strong> and cannot be read again, only replaced.</p>
<dl class="fields">
<dt>Tenant</dt><dd>${tenant.name}${tenant.isSandbox ? ' (sandbox)' : ''}</dd>
<dt>Id</dt><dd><code>${tenant.id}</code></dd>
<dt>Key</dt><dd><code>${tenant.key}</code></dd>
</dl>
<p>Secret:</p>
<p class="secret">${secret}</p>
<p><a href="/console/admin">Back to admin</a></p>
</div>`;
}
