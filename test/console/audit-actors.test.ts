import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { SIGN_IN_FAILURES_BEFORE_LOCK } from '../../src/domain/operator.js';
import { main } from '../../src/main.js';
import { consoleClient, signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The audit log also holds what no signed-in operator did in the console: failed sign-ins and
// lockouts (by the client's address), operator tokens issued, and the command line's changes to
// tenants and operators. Each with who, what and when; never a password, secret or token.

const PASSWORD = 'audited-password-long';

describe('audit log: sign-ins, tokens and the command line', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-audit-actors');
  });
  after(() => t.close());

  async function storedAudit(): Promise<string> {
    return JSON.stringify((await sql`select * from audit_entries`.execute(t.verity.store.db)).rows);
  }

  async function cli(args: string[], stdin = '') {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      output: { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
      env: { VERITY_DATA_DIR: t.db.dataDir, DATABASE_URL: t.db.databaseUrl, LOG_LEVEL: 'silent' },
      readPassword: async () => stdin,
    });
    assert.equal(code, 0, stderr);
    return stdout;
  }

  it('records failed console sign-ins and the lockout they cause, by the client address, without what was typed', async () => {
    const target = await t.verity.operators.create({ username: 'locked.out', role: 'reviewer', password: PASSWORD });
    const browser = consoleClient(t);
    for (let i = 0; i < SIGN_IN_FAILURES_BEFORE_LOCK; i++) assert.equal((await browser.signIn('locked.out', `wrong-guess-${i}`)).status, 401);
    assert.equal((await browser.signIn('no.such.operator', 'typed-into-the-wrong-field')).status, 401);

    const entries = await t.verity.audit.list({ limit: 50 });
    const failed = entries.filter((e) => e.action === 'sign_in_failed' && e.targetId === target.id);
    assert.equal(failed.length, SIGN_IN_FAILURES_BEFORE_LOCK);
    assert.ok(failed.every((e) => e.actor.kind === 'client' && e.actor.address === '127.0.0.1' && e.detail === 'console: wrong password'));
    const locked = entries.find((e) => e.action === 'sign_in_locked' && e.targetId === target.id);
    assert.ok(locked, 'the lockout is recorded');
    assert.match(locked.detail ?? '', /from 127\.0\.0\.1 until \d{4}-/);
    const unknown = entries.find((e) => e.action === 'sign_in_failed' && e.detail === 'console: unknown username');
    assert.ok(unknown, 'a failed sign-in with an unknown username is recorded');
    assert.equal(unknown.targetId, undefined);

    const stored = await storedAudit();
    for (const typed of ['wrong-guess-0', 'typed-into-the-wrong-field', 'no.such.operator']) assert.ok(!stored.includes(typed), typed);

    const { client } = await signedInOperator(t, 'admin', 'auditor');
    const page = await client.get('/console/admin/audit');
    for (const text of ['Sign in failed', 'Sign in locked', 'not signed in', '127.0.0.1', 'locked.out']) assert.ok(page.text.includes(text), text);
  });

  it('records operator tokens issued at POST /v1/operators/token, and refusals there, never the token', async () => {
    const operator = await t.verity.operators.create({ username: 'token.user', role: 'reviewer', password: PASSWORD });
    const post = (password: string) =>
      fetch(`${t.url}/v1/operators/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'token.user', password }) });
    assert.equal((await post('not-the-password')).status, 401);
    const issued = await post(PASSWORD);
    assert.equal(issued.status, 200);
    const { access_token: token } = (await issued.json()) as { access_token: string };

    const entries = await t.verity.audit.list({ limit: 50 });
    const entry = entries.find((e) => e.action === 'operator_token_issued' && e.targetId === operator.id);
    assert.ok(entry);
    assert.deepEqual(entry.actor, { kind: 'operator', operatorId: operator.id });
    assert.ok(entries.some((e) => e.action === 'sign_in_failed' && e.targetId === operator.id && e.detail === 'operator token: wrong password'));
    assert.ok(!(await storedAudit()).includes(token));
  });

  it("records the command line's tenant and operator changes, by the command line, without secrets or passwords", async () => {
    const created = JSON.parse(await cli(['tenant', 'create', '--name', 'Cli Tenant', '--json'])) as { id: string; secret: string };
    const rotated = JSON.parse(await cli(['tenant', 'rotate-secret', created.id, '--json'])) as { secret: string };
    await cli(['tenant', 'update', created.id, '--self-attestation', 'off']);
    await cli(['operator', 'create', '--username', 'cli.made', '--role', 'reviewer'], 'cli-made-password-long');
    await cli(['operator', 'unlock', 'cli.made']);
    const made = (await t.verity.operators.list()).find((o) => o.username === 'cli.made');
    assert.ok(made);

    const entries = (await t.verity.audit.list({ limit: 50 })).filter((e) => e.actor.kind === 'cli');
    assert.deepEqual(
      entries.map((e) => [e.action, e.targetId]).reverse(),
      [
        ['tenant_created', created.id],
        ['tenant_secret_rotated', created.id],
        ['tenant_updated', created.id],
        ['operator_created', made.id],
        ['operator_unlocked', made.id],
      ],
    );
    const stored = await storedAudit();
    for (const secret of [created.secret, rotated.secret, 'cli-made-password-long']) assert.ok(!stored.includes(secret));

    const { client } = await signedInOperator(t, 'admin', 'reader');
    const page = await client.get('/console/admin/audit');
    for (const text of ['command line', 'Tenant created', 'Cli Tenant', 'Tenant updated', 'self-attestation off', 'Operator unlocked', 'cli.made']) {
      assert.ok(page.text.includes(text), text);
    }
  });
});
