import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Verity } from '../../../compose.js';
import { field, fields, requiredField } from '../forms.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { operatorOf, redirectWithNotice } from '../session.js';
import { audit } from '../audit.js';
import { operatorsSection } from './admin/operators-view.js';
import { secretBody, tenantsSection } from './admin/tenants-view.js';
import { auditBody } from './admin/audit-view.js';
import { BadRequestError } from '../../../domain/errors.js';
import { mayAttest, tenantVerificationPolicy } from '../../../domain/tenant.js';
import { isVerificationBasis, type VerificationBasis } from '../../../domain/verification/basis.js';

const ADMIN_PAGE = '/console/admin';
const AUDIT_PAGE = 100;

/**
 * Tenants and operators, for admins only (every route, reads included). A tenant's secret is
 * shown once, in the answer to the form that made it; passwords and secrets are never logged.
 */
export const adminRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  const adminOnly = { config: { consoleRole: 'admin' as const } };

  app.get('/admin', adminOnly, async (request, reply) => {
    const [tenants, operators] = await Promise.all([verity.tenants.list(), verity.operators.list()]);
    return sendPage(request, reply, {
      title: 'Admin',
      section: 'admin',
      body: html`<p><a href="/console/admin/audit">Audit log</a> <span class="muted">— who signed in, and every change to tenants, operators and webhooks</span></p>
<p><a href="/console/admin/screening-lists">Screening lists</a> <span class="muted">— the sanctions lists in force, and imports of new files</span></p>
${tenantsSection(request, tenants, verity.config.mode === 'sandbox')}${operatorsSection(request, operators, operatorOf(request))}`,
    });
  });

  app.get('/admin/audit', adminOnly, async (request, reply) => {
    const before = (request.query as { before?: string }).before;
    const [entries, operators] = await Promise.all([
      verity.audit.list({ limit: AUDIT_PAGE, ...(before && { before }) }),
      verity.operators.list(),
    ]);
    return sendPage(request, reply, {
      title: 'Audit log',
      section: 'admin',
      breadcrumb: html`<a href="${ADMIN_PAGE}">Admin</a> › Audit log`,
      body: auditBody(entries, operators, AUDIT_PAGE),
    });
  });

  app.post('/admin/tenants', adminOnly, async (request, reply) => {
    const { tenant, secret } = await verity.tenants.create({ name: requiredField(request.body, 'name', 'Name'), sandbox: field(request.body, 'sandbox') !== undefined });
    await audit(request, verity, 'tenant_created', { kind: 'tenant', id: tenant.id }, `${tenant.name}${tenant.isSandbox ? ' (sandbox)' : ''}`);
    return sendPage(request, reply, { title: 'Tenant created', section: 'admin', body: secretBody(tenant, secret, true) });
  });

  app.post('/admin/tenants/:id/rotate-secret', adminOnly, async (request, reply) => {
    const { tenant, secret } = await verity.tenants.rotateSecret(idParam(request));
    await audit(request, verity, 'tenant_secret_rotated', { kind: 'tenant', id: tenant.id }, tenant.name);
    return sendPage(request, reply, { title: 'Secret rotated', section: 'admin', body: secretBody(tenant, secret, false) });
  });

  app.post('/admin/tenants/:id/self-attestation', adminOnly, async (request, reply) => {
    const setting = requiredField(request.body, 'setting', 'Self-attestation');
    if (setting !== 'on' && setting !== 'off' && setting !== 'default') {
      throw new BadRequestError('Self-attestation must be on, off or default.');
    }
    const tenant = await verity.tenants.update(idParam(request), { selfAttestation: setting });
    await audit(request, verity, 'tenant_self_attestation_set', { kind: 'tenant', id: tenant.id }, `${tenant.name}: ${setting}`);
    const allowed = mayAttest(tenant, verity.config.mode === 'sandbox');
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${tenant.name} ${allowed ? 'may' : 'may not'} attest its customers' verification (${setting}).` });
  });

  app.post('/admin/tenants/:id/verification-bases', adminOnly, async (request, reply) => {
    const chosen = fields(request.body, 'basis');
    const unknown = chosen.filter((basis) => !isVerificationBasis(basis));
    if (unknown.length > 0) throw new BadRequestError(`Unknown verification basis: ${unknown.join(', ')}.`);
    const id = idParam(request);
    const current = await verity.tenants.get(id);
    const sandboxMode = verity.config.mode === 'sandbox';
    const { available } = tenantVerificationPolicy(current, sandboxMode);
    // Every available box ticked, or none, means the default: whatever becomes available later is accepted too.
    const everything = chosen.length === 0 || available.every((basis) => chosen.includes(basis));
    const tenant = await verity.tenants.update(id, { acceptedBases: everything ? 'default' : (chosen as VerificationBasis[]) });
    const accepted = tenantVerificationPolicy(tenant, sandboxMode).accepted;
    await audit(request, verity, 'tenant_verification_bases_set', { kind: 'tenant', id: tenant.id }, `${tenant.name}: ${everything ? 'default' : accepted.join(', ')}`);
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${tenant.name} accepts verification by ${accepted.join(', ')}.` });
  });

  app.post('/admin/operators', adminOnly, async (request, reply) => {
    const created = await verity.operators.create({
      username: requiredField(request.body, 'username', 'Username'),
      role: requiredField(request.body, 'role', 'Role'),
      // Not trimmed: spaces are part of a password.
      password: rawField(request, 'password'),
    });
    await audit(request, verity, 'operator_created', { kind: 'operator', id: created.id }, `${created.username} (${created.role})`);
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `Operator ${created.username} (${created.role}) created.` });
  });

  app.post('/admin/operators/:id/disable', adminOnly, async (request, reply) => {
    const disabled = await verity.operators.setDisabled(idParam(request), true, operatorOf(request));
    await audit(request, verity, 'operator_disabled', { kind: 'operator', id: disabled.id }, disabled.username);
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${disabled.username} is disabled and signed out.` });
  });

  app.post('/admin/operators/:id/enable', adminOnly, async (request, reply) => {
    const enabled = await verity.operators.setDisabled(idParam(request), false, operatorOf(request));
    await audit(request, verity, 'operator_enabled', { kind: 'operator', id: enabled.id }, enabled.username);
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${enabled.username} may sign in again.` });
  });

  app.post('/admin/operators/:id/role', adminOnly, async (request, reply) => {
    const changed = await verity.operators.setRole(idParam(request), requiredField(request.body, 'role', 'Role'), operatorOf(request));
    await audit(request, verity, 'operator_role_changed', { kind: 'operator', id: changed.id }, `${changed.username} (${changed.role})`);
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${changed.username} is now ${changed.role} and signed out.` });
  });

  app.post('/admin/operators/:id/unlock', adminOnly, async (request, reply) => {
    const operator = await verity.operators.current(idParam(request));
    const hadFailures = await verity.operators.unlock(operator.username);
    await audit(request, verity, 'operator_unlocked', { kind: 'operator', id: operator.id }, operator.username);
    const text = hadFailures ? `${operator.username} is unlocked: failed sign-ins from every address are forgotten.` : `${operator.username} was not locked.`;
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text });
  });

  app.post('/admin/operators/:id/reset-password', adminOnly, async (request, reply) => {
    const operator = await verity.operators.resetPassword(idParam(request), rawField(request, 'password'));
    await audit(request, verity, 'operator_password_reset', { kind: 'operator', id: operator.id }, operator.username);
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `The password of ${operator.username} was reset; their sessions have ended.` });
  });
};

function idParam(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

/** A form value as typed (the first if repeated), or ''. */
function rawField(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, string | string[]> | undefined)?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
