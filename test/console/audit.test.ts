import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('console audit log', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-audit');
  });
  after(() => t.close());

  it('records sign-ins and every change to tenants and operators, by whom, without secrets', async () => {
    const { client, operator: ada } = await signedInOperator(t, 'admin', 'ada');
    const created = await client.post('/console/admin/tenants', { name: 'Audited Ltd' });
    assert.equal(created.status, 200);
    const secret = /class="secret"[^>]*>([^<]+)</.exec(created.text)?.[1] ?? '';
    assert.match(secret, /^vs_/);
    const tenant = (await t.verity.tenants.list()).find((x) => x.name === 'Audited Ltd');
    assert.ok(tenant);
    await client.get('/console/admin');
    await client.post(`/console/admin/tenants/${tenant.id}/rotate-secret`, {});
    await client.get('/console/admin');
    await client.post('/console/admin/operators', { username: 'newcomer', role: 'reviewer', password: 'newcomer-password-1' });
    const newcomer = (await t.verity.operators.list()).find((o) => o.username === 'newcomer');
    assert.ok(newcomer);
    await client.post(`/console/admin/operators/${newcomer.id}/disable`, {});

    const entries = await t.verity.audit.list({ limit: 50 });
    assert.deepEqual(
      entries.map((e) => e.action).reverse(),
      ['signed_in', 'tenant_created', 'tenant_secret_rotated', 'operator_created', 'operator_disabled'],
    );
    assert.ok(entries.every((e) => e.actor.kind === 'operator' && e.actor.operatorId === ada.id));
    assert.equal(entries.find((e) => e.action === 'tenant_created')?.targetId, tenant.id);

    const page = await client.get('/console/admin/audit');
    assert.equal(page.status, 200);
    for (const text of ['Tenant secret rotated', 'Operator disabled', 'newcomer', 'Audited Ltd', ada.username]) assert.ok(page.text.includes(text), text);

    const stored = JSON.stringify((await sql`select * from audit_entries`.execute(t.verity.store.db)).rows);
    assert.ok(!stored.includes(secret), 'no secret in the audit log');
    assert.ok(!stored.includes('newcomer-password-1'), 'no password in the audit log');
  });

  it('records sign-out, and keeps the audit log from reviewers', async () => {
    const { client, operator } = await signedInOperator(t, 'reviewer', 'rex');
    assert.equal((await client.get('/console/admin/audit')).status, 403);
    await client.post('/console/sign-out');
    const mine = await t.verity.audit.list({ limit: 10, operatorId: operator.id });
    assert.deepEqual(mine.map((e) => e.action), ['signed_out', 'signed_in']);
  });
});
