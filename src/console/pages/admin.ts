import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Verity } from '../../compose.js';
import { field, requiredField } from '../forms.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { operatorOf, redirectWithNotice } from '../session.js';
import { operatorsSection } from './admin/operators-view.js';
import { secretBody, tenantsSection } from './admin/tenants-view.js';

const ADMIN_PAGE = '/console/admin';

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
      body: html`${tenantsSection(request, tenants)}${operatorsSection(request, operators, operatorOf(request))}`,
    });
  });

  app.post('/admin/tenants', adminOnly, async (request, reply) => {
    const { tenant, secret } = await verity.tenants.create({ name: requiredField(request.body, 'name', 'Name'), sandbox: field(request.body, 'sandbox') !== undefined });
    audit(request, 'tenant created', { tenantId: tenant.id });
    return sendPage(request, reply, { title: 'Tenant created', section: 'admin', body: secretBody(tenant, secret, true) });
  });

  app.post('/admin/tenants/:id/rotate-secret', adminOnly, async (request, reply) => {
    const { tenant, secret } = await verity.tenants.rotateSecret(idParam(request));
    audit(request, 'tenant secret rotated', { tenantId: tenant.id });
    return sendPage(request, reply, { title: 'Secret rotated', section: 'admin', body: secretBody(tenant, secret, false) });
  });

  app.post('/admin/operators', adminOnly, async (request, reply) => {
    const created = await verity.operators.create({
      username: requiredField(request.body, 'username', 'Username'),
      role: requiredField(request.body, 'role', 'Role'),
      // Not trimmed: spaces are part of a password.
      password: rawField(request, 'password'),
    });
    audit(request, 'operator created', { createdOperatorId: created.id });
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `Operator ${created.username} (${created.role}) created.` });
  });

  app.post('/admin/operators/:id/disable', adminOnly, async (request, reply) => {
    const disabled = await verity.operators.setDisabled(idParam(request), true, operatorOf(request));
    audit(request, 'operator disabled', { targetOperatorId: disabled.id });
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${disabled.username} is disabled and signed out.` });
  });

  app.post('/admin/operators/:id/enable', adminOnly, async (request, reply) => {
    const enabled = await verity.operators.setDisabled(idParam(request), false, operatorOf(request));
    audit(request, 'operator enabled', { targetOperatorId: enabled.id });
    return redirectWithNotice(request, reply, ADMIN_PAGE, { kind: 'ok', text: `${enabled.username} may sign in again.` });
  });

  app.post('/admin/operators/:id/reset-password', adminOnly, async (request, reply) => {
    const operator = await verity.operators.resetPassword(idParam(request), rawField(request, 'password'));
    audit(request, 'operator password reset', { targetOperatorId: operator.id });
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

/** Who did what, by ids only: never a secret or a password. */
function audit(request: FastifyRequest, action: string, ids: Record<string, string>): void {
  request.log.info({ operatorId: operatorOf(request).id, ...ids }, `console: ${action}`);
}
