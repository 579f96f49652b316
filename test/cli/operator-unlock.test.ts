import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIGN_IN_FAILURES_BEFORE_LOCK } from '../../src/domain/operator.js';
import { main } from '../../src/main.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'unlockable-password';
const ATTACKER = '192.0.2.7';

let t: TestApp;
before(async () => {
  t = await startTestApp('cli-operator-unlock');
});
after(() => t.close());

/** Runs the `verity` CLI in this process against the test app's database. */
async function verity(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    output: { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
    env: { VERITY_DATA_DIR: t.db.dataDir, DATABASE_URL: t.db.databaseUrl, LOG_LEVEL: 'silent' },
    readPassword: async () => '',
  });
  return { code, stdout, stderr };
}

const signIn = (username: string, address: string) => t.verity.operators.authenticate(username, PASSWORD, address);

describe('verity operator unlock USERNAME', () => {
  test('lifts the lockout: the operator signs in again from the address that was locked', async () => {
    const admin = await t.verity.operators.create({ username: 'unlock.me', role: 'admin', password: PASSWORD });
    for (let i = 0; i < SIGN_IN_FAILURES_BEFORE_LOCK; i++) {
      await assert.rejects(t.verity.operators.authenticate(admin.username, 'a-wrong-password', ATTACKER), { code: 'InvalidCredentials' });
    }
    await assert.rejects(signIn(admin.username, ATTACKER), { code: 'InvalidCredentials' });
    const result = await verity(['operator', 'unlock', admin.username]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Operator unlock\.me unlocked/);
    assert.equal((await signIn(admin.username, ATTACKER)).id, admin.id);
    const again = await verity(['operator', 'unlock', admin.username]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /was not locked/);
  });

  test('an unknown username fails with exit 1; a missing one is a usage error', async () => {
    const unknown = await verity(['operator', 'unlock', 'no.such.operator']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No operator is named no\.such\.operator/);
    assert.equal((await verity(['operator', 'unlock'])).code, 2);
    assert.equal((await verity(['operator', 'unlock', 'a', 'b'])).code, 2);
  });
});
