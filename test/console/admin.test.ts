import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ConsoleClient, consoleClient, signedInOperator } from '../support/console-client.js';
import { collectedLog, startTestApp, type TestApp } from '../support/test-app.js';

describe('console admin', () => {
  let t: TestApp;
  let admin: ConsoleClient;
  let adminId: string;
  const { destination: logDestination, lines: logLines } = collectedLog();

  before(async () => {
    t = await startTestApp('console-admin', { LOG_LEVEL: 'debug' }, { logDestination });
    const signedIn = await signedInOperator(t, 'admin');
    admin = signedIn.client;
    adminId = signedIn.operator.id;
  });
  after(() => t.close());

  const referer = () => ({ headers: { referer: `${t.url}/console/admin` } });

  async function tokenStatus(key: string, secret: string): Promise<number> {
    const response = await fetch(`${t.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: key, client_secret: secret, grant_type: 'client_credentials' }).toString(),
    });
    await response.arrayBuffer();
    return response.status;
  }

  function secretIn(page: string): string {
    const secret = /<p class="secret">([^<]+)<\/p>/.exec(page)?.[1];
    assert.ok(secret, 'the page shows a secret');
    return secret;
  }

  async function tenantNamed(name: string) {
    const tenant = (await t.verity.tenants.list()).find((x) => x.name === name);
    assert.ok(tenant, `tenant ${name} exists`);
    return tenant;
  }

  it('lists tenants and operators for an admin', async () => {
    const page = await admin.get('/console/admin');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Admin<\/h1>/);
    assert.ok(page.text.includes(t.tenant.key), 'the test tenant is listed with its key');
    assert.match(page.text, /Create tenant/);
    assert.match(page.text, /Create operator/);
    assert.match(page.text, /\(you\)/);
    assert.ok(!page.text.includes(`/console/admin/operators/${adminId}/disable`), 'no Disable button for yourself');
  });

  it('creates a tenant and shows its working secret once, in the answer only', async () => {
    await admin.get('/console/admin');
    const created = await admin.post('/console/admin/tenants', { name: 'Acme Lending', sandbox: 'yes' });
    assert.equal(created.status, 200);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.equal(created.headers.getSetCookie().length, 0, 'no cookie carries anything away');
    assert.match(created.text, /<h1>Tenant created<\/h1>/);
    const secret = secretIn(created.text);
    const tenant = await tenantNamed('Acme Lending');
    assert.equal(tenant.isSandbox, true);
    assert.ok(created.text.includes(tenant.key));
    assert.equal(await tokenStatus(tenant.key, secret), 200, 'the secret works');

    const list = await admin.get('/console/admin');
    assert.ok(list.text.includes('Acme Lending'));
    assert.ok(!list.text.includes(secret), 'the secret is not shown again');
    assert.match(list.text, /badge-pending">sandbox/);
  });

  it('rotates a secret: the new one is shown once and works, the old one stops working', async () => {
    await admin.get('/console/admin');
    const first = secretIn((await admin.post('/console/admin/tenants', { name: 'Rotating Co' })).text);
    const tenant = await tenantNamed('Rotating Co');
    assert.equal(tenant.isSandbox, false);
    await admin.get('/console/admin');
    const rotated = await admin.post(`/console/admin/tenants/${tenant.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.equal(rotated.headers.get('cache-control'), 'no-store');
    assert.match(rotated.text, /<h1>Secret rotated<\/h1>/);
    const second = secretIn(rotated.text);
    assert.notEqual(second, first);
    assert.equal(await tokenStatus(tenant.key, first), 401);
    assert.equal(await tokenStatus(tenant.key, second), 200);
  });

  it('offers rotation behind a confirmation', async () => {
    const page = await admin.get('/console/admin');
    assert.match(page.text, /<form class="inline" method="post" action="\/console\/admin\/tenants\/[^"]+\/rotate-secret" data-confirm="Rotate the secret of/);
  });

  it('answers 404 for rotating an unknown tenant', async () => {
    await admin.get('/console/admin');
    assert.equal((await admin.post('/console/admin/tenants/no-such-tenant/rotate-secret')).status, 404);
  });

  it('sets whether a tenant may attest its customers: the setting holds at once, is shown and audited', async () => {
    const page = await admin.get('/console/admin');
    assert.match(page.text, /<th>Self-attestation<\/th>/);
    assert.ok(page.text.includes(`action="/console/admin/tenants/${t.tenant.id}/self-attestation"`));
    const off = await admin.post(`/console/admin/tenants/${t.tenant.id}/self-attestation`, { setting: 'off' }, referer());
    assert.equal(off.status, 303);
    assert.equal((await t.verity.tenants.list()).find((x) => x.id === t.tenant.id)?.selfAttestation, false);
    assert.match((await admin.get('/console/admin')).text, /may not attest its customers&#39; verification \(off\)|may not attest its customers' verification \(off\)/);
    const entries = await t.verity.audit.list({ limit: 10 });
    assert.ok(entries.some((e) => e.action === 'tenant_self_attestation_set' && e.targetId === t.tenant.id && e.detail?.endsWith(': off')));

    await admin.post(`/console/admin/tenants/${t.tenant.id}/self-attestation`, { setting: 'maybe' }, referer());
    assert.match((await admin.get('/console/admin')).text, /notice-error[^>]*>Self-attestation must be on, off or default\./);
    await admin.post(`/console/admin/tenants/${t.tenant.id}/self-attestation`, { setting: 'default' }, referer());
    assert.equal((await t.verity.tenants.list()).find((x) => x.id === t.tenant.id)?.selfAttestation, undefined);
  });

  it('creates an operator who can then sign in', async () => {
    await admin.get('/console/admin');
    const created = await admin.post('/console/admin/operators', { username: 'new.reviewer', role: 'reviewer', password: 'a long enough password' }, referer());
    assert.equal(created.status, 303);
    assert.equal(created.location, '/console/admin');
    const page = await admin.get('/console/admin');
    assert.match(page.text, /Operator new\.reviewer \(reviewer\) created\./);
    assert.match(page.text, /<td>new\.reviewer<\/td>\s*<td>reviewer<\/td>/);
    const browser = consoleClient(t);
    assert.equal((await browser.signIn('new.reviewer', 'a long enough password')).status, 303);
    assert.equal((await browser.get('/console/queue')).status, 200);
  });

  it('brings refused operator forms back as notices', async () => {
    await admin.get('/console/admin');
    await admin.post('/console/admin/operators', { username: 'twice', role: 'admin', password: 'twice-password-long' }, referer());
    const duplicate = await admin.post('/console/admin/operators', { username: 'twice', role: 'admin', password: 'twice-password-long' }, referer());
    assert.equal(duplicate.status, 303);
    assert.match((await admin.get('/console/admin')).text, /notice-error[^>]*>Operator twice already exists\./);

    const short = await admin.post('/console/admin/operators', { username: 'shorty', role: 'reviewer', password: 'short' }, referer());
    assert.equal(short.status, 303);
    assert.match((await admin.get('/console/admin')).text, /notice-error[^>]*>[^<]*Password must be at least 12 characters\./);
    assert.equal((await t.verity.operators.list()).some((o) => o.username === 'shorty'), false);

    const target = (await t.verity.operators.list()).find((o) => o.username === 'twice');
    await admin.post(`/console/admin/operators/${target?.id}/reset-password`, { password: 'tiny' }, referer());
    assert.match((await admin.get('/console/admin')).text, /notice-error[^>]*>[^<]*Password must be at least 12 characters\./);
  });

  it('disables an operator: their session ends and sign-in is refused; enabling lets them back', async () => {
    const { client: victim, operator, username, password } = await signedInOperator(t, 'reviewer');
    await admin.get('/console/admin');
    const disabled = await admin.post(`/console/admin/operators/${operator.id}/disable`, {}, referer());
    assert.equal(disabled.status, 303);
    const page = await admin.get('/console/admin');
    assert.match(page.text, /is disabled and signed out\./);
    assert.match(page.text, new RegExp(`${username}</td>[\\s\\S]*?badge-bad">disabled`));
    assert.match(page.text, new RegExp(`/console/admin/operators/${operator.id}/enable`));

    const after = await victim.get('/console/queue');
    assert.equal(after.status, 303, 'the session is over');
    assert.match(after.location ?? '', /^\/console\/sign-in/);
    assert.equal((await consoleClient(t).signIn(username, password)).status, 401);

    await admin.post(`/console/admin/operators/${operator.id}/enable`, {}, referer());
    assert.equal((await consoleClient(t).signIn(username, password)).status, 303);
  });

  it('refuses to disable yourself, and says why', async () => {
    await admin.get('/console/admin');
    const refused = await admin.post(`/console/admin/operators/${adminId}/disable`, {}, referer());
    assert.equal(refused.status, 403);
    assert.match(refused.text, /You cannot disable yourself\./);
    assert.equal((await admin.get('/console/admin')).status, 200, 'still signed in');
  });

  it('resets a password: the old one is refused, the new one works', async () => {
    const { client: forgetful, operator, username, password } = await signedInOperator(t, 'reviewer');
    await admin.get('/console/admin');
    const reset = await admin.post(`/console/admin/operators/${operator.id}/reset-password`, { password: 'a brand new password' }, referer());
    assert.equal(reset.status, 303);
    assert.match((await admin.get('/console/admin')).text, new RegExp(`The password of ${username} was reset`));
    assert.equal((await forgetful.get('/console/queue')).status, 303, 'signed out');
    assert.equal((await consoleClient(t).signIn(username, password)).status, 401);
    assert.equal((await consoleClient(t).signIn(username, 'a brand new password')).status, 303);
  });

  it('changes a role: the operator is signed out and signs in again with the new role; not your own', async () => {
    const { client: promoted, operator, username, password } = await signedInOperator(t, 'reviewer');
    const page = await admin.get('/console/admin');
    assert.match(page.text, new RegExp(`/console/admin/operators/${operator.id}/role`));
    const changed = await admin.post(`/console/admin/operators/${operator.id}/role`, { role: 'admin' }, referer());
    assert.equal(changed.status, 303);
    assert.match((await admin.get('/console/admin')).text, new RegExp(`${username} is now admin and signed out\\.`));
    assert.equal((await promoted.get('/console/queue')).status, 303, 'signed out');
    const again = consoleClient(t);
    assert.equal((await again.signIn(username, password)).status, 303);
    assert.equal((await again.get('/console/admin')).status, 200, 'an admin now');
    assert.equal((await admin.post(`/console/admin/operators/${operator.id}/role`, { role: 'owner' }, referer())).status, 303);
    assert.match((await admin.get('/console/admin')).text, /notice-error[^>]*>[^<]*Role must be one of reviewer, admin\./);
    const own = await admin.post(`/console/admin/operators/${adminId}/role`, { role: 'reviewer' }, referer());
    assert.equal(own.status, 403);
    assert.match(own.text, /You cannot change your own role\./);
  });

  it('unlocks an operator locked out by failed sign-ins', async () => {
    const { operator, username, password } = await signedInOperator(t, 'reviewer');
    for (let i = 0; i < 5; i++) await assert.rejects(t.verity.operators.authenticate(username, 'a-wrong-password', '198.51.100.9'));
    await assert.rejects(t.verity.operators.authenticate(username, password, '198.51.100.9'), { code: 'InvalidCredentials' });
    await admin.get('/console/admin');
    const unlocked = await admin.post(`/console/admin/operators/${operator.id}/unlock`, {}, referer());
    assert.equal(unlocked.status, 303);
    assert.match((await admin.get('/console/admin')).text, new RegExp(`${username} is unlocked`));
    assert.equal((await t.verity.operators.authenticate(username, password, '198.51.100.9')).id, operator.id);
    assert.equal((await admin.post(`/console/admin/operators/${operator.id}/unlock`, {}, referer())).status, 303);
    assert.match((await admin.get('/console/admin')).text, new RegExp(`${username} was not locked\\.`));
  });

  it('is closed to reviewers: 403 for the page and for every form', async () => {
    const { client: reviewer, operator } = await signedInOperator(t, 'reviewer');
    const queue = await reviewer.get('/console/queue');
    assert.ok(!queue.text.includes('href="/console/admin"'), 'no Admin link for a reviewer');
    const page = await reviewer.get('/console/admin');
    assert.equal(page.status, 403);
    assert.ok(!page.text.includes('Create tenant'));
    const posts: Array<[string, Record<string, string>]> = [
      ['/console/admin/tenants', { name: 'Sneaky' }],
      [`/console/admin/tenants/${t.tenant.id}/rotate-secret`, {}],
      [`/console/admin/tenants/${t.tenant.id}/self-attestation`, { setting: 'on' }],
      ['/console/admin/operators', { username: 'sneaky', role: 'admin', password: 'sneaky-password-long' }],
      [`/console/admin/operators/${adminId}/disable`, {}],
      [`/console/admin/operators/${operator.id}/enable`, {}],
      [`/console/admin/operators/${adminId}/reset-password`, { password: 'taken-over-password' }],
      [`/console/admin/operators/${operator.id}/role`, { role: 'admin' }],
      [`/console/admin/operators/${adminId}/unlock`, {}],
    ];
    for (const [path, fields] of posts) {
      const answer = await reviewer.post(path, fields, { headers: { referer: `${t.url}/console/queue` } });
      assert.equal(answer.status, 403, path);
      assert.match(answer.text, /Only an admin operator may do this\./, path);
    }
    assert.equal((await t.verity.tenants.list()).some((x) => x.name === 'Sneaky'), false);
    assert.equal((await t.verity.operators.list()).some((o) => o.username === 'sneaky'), false);
    assert.equal(await tokenStatus(t.tenant.key, t.tenant.secret), 200, 'the secret was not rotated');
  });

  it('refuses admin forms without the CSRF token', async () => {
    await admin.get('/console/admin');
    assert.equal((await admin.post('/console/admin/tenants', { name: 'No Token' }, { csrf: false })).status, 403);
    assert.equal((await admin.post(`/console/admin/tenants/${t.tenant.id}/rotate-secret`, {}, { csrf: false })).status, 403);
    assert.equal((await t.verity.tenants.list()).some((x) => x.name === 'No Token'), false);
  });

  it('escapes names', async () => {
    await admin.get('/console/admin');
    const created = await admin.post('/console/admin/tenants', { name: '<script>alert(1)</script>' });
    assert.equal(created.status, 200);
    assert.ok(created.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    const page = await admin.get('/console/admin');
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.text.includes('<script>alert(1)'));
  });

  it('never writes a secret or a password to the log', async () => {
    await admin.get('/console/admin');
    const secret = secretIn((await admin.post('/console/admin/tenants', { name: 'Logged Co' })).text);
    const tenant = await tenantNamed('Logged Co');
    const rotated = secretIn((await admin.post(`/console/admin/tenants/${tenant.id}/rotate-secret`)).text);
    await admin.get('/console/admin');
    await admin.post('/console/admin/operators', { username: 'logged.one', role: 'reviewer', password: 'never-in-the-log-1' }, referer());
    const target = (await t.verity.operators.list()).find((o) => o.username === 'logged.one');
    await admin.post(`/console/admin/operators/${target?.id}/reset-password`, { password: 'never-in-the-log-2' }, referer());
    await admin.post('/console/admin/operators', { username: 'logged.two', role: 'reviewer', password: 'short-pw' }, referer());

    const log = logLines.join('');
    assert.ok(log.includes('console: tenant_secret_rotated'), 'the actions are logged');
    for (const value of [secret, rotated, 'never-in-the-log-1', 'never-in-the-log-2', 'short-pw', t.tenant.secret]) {
      assert.ok(!log.includes(value), `the log must not contain ${value.slice(0, 8)}…`);
    }
  });
});
