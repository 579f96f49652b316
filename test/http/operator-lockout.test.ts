import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK, SIGN_IN_FAILURES_BEFORE_LOCK } from '../../src/domain/operator.js';
import { type AddressedResponse, requestFrom } from '../support/from-address.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'lockable-password-1';

let t: TestApp;
before(async () => {
  t = await startTestApp('operator-lockout');
});
after(() => t.close());

function tokenFrom(address: string, username: string, password: string): Promise<AddressedResponse> {
  return requestFrom(address, `${t.url}/v1/operators/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

async function lockFrom(address: string, username: string): Promise<void> {
  for (let i = 0; i < SIGN_IN_FAILURES_BEFORE_LOCK; i++) assert.equal((await tokenFrom(address, username, 'not-the-password')).status, 401);
}

/** What a client can see of an answer, less what differs on every answer anyway. */
function visible(response: AddressedResponse) {
  const headers = { ...response.headers };
  delete headers.date;
  delete headers['x-request-id'];
  const body = JSON.parse(response.text) as Record<string, unknown>;
  delete body.requestId;
  return { status: response.status, headers, body };
}

describe('operator lockout is per username and address', () => {
  test('a lockout from one address does not stop the operator signing in from another', async () => {
    const admin = await t.verity.operators.create({ username: 'locked.admin', role: 'admin', password: PASSWORD });
    await lockFrom('127.0.0.2', admin.username);
    assert.equal((await tokenFrom('127.0.0.2', admin.username, PASSWORD)).status, 401, 'locked from the attacking address');
    assert.equal((await tokenFrom('127.0.0.1', admin.username, PASSWORD)).status, 200, 'not locked from elsewhere');
    // The console too.
    assert.equal((await t.verity.operators.authenticate(admin.username, PASSWORD, '127.0.0.3')).id, admin.id);
    // The lock ends on its own.
    t.clock.advance(61_000);
    assert.equal((await tokenFrom('127.0.0.2', admin.username, PASSWORD)).status, 200);
  });

  test('unknown, locked and wrong-password answers are identical: status, body and headers', async () => {
    await t.verity.operators.create({ username: 'known.one', role: 'reviewer', password: PASSWORD });
    await t.verity.operators.create({ username: 'locked.one', role: 'reviewer', password: PASSWORD });
    await lockFrom('127.0.0.4', 'locked.one');
    const wrong = visible(await tokenFrom('127.0.0.4', 'known.one', 'not-the-password'));
    const unknown = visible(await tokenFrom('127.0.0.4', 'nobody.here', 'not-the-password'));
    const locked = visible(await tokenFrom('127.0.0.4', 'locked.one', PASSWORD));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'InvalidCredentials');
    assert.equal(wrong.headers['retry-after'], undefined);
    assert.deepEqual(unknown, wrong);
    assert.deepEqual(locked, wrong);
  });

  test('an unknown username locks like a known one, so a lock tells nothing', async () => {
    await lockFrom('127.0.0.5', 'made.up.name');
    const known = await t.verity.operators.create({ username: 'real.name', role: 'reviewer', password: PASSWORD });
    await lockFrom('127.0.0.5', known.username);
    assert.deepEqual(
      visible(await tokenFrom('127.0.0.5', 'made.up.name', PASSWORD)),
      visible(await tokenFrom('127.0.0.5', known.username, PASSWORD)),
    );
  });

  test('failures from many addresses together lock the username everywhere, until an admin unlocks it', async () => {
    const target = await t.verity.operators.create({ username: 'widely.guessed', role: 'admin', password: PASSWORD });
    const addresses = SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK / SIGN_IN_FAILURES_BEFORE_LOCK;
    for (let i = 0; i < addresses; i++) await lockFrom(`127.0.1.${i + 1}`, target.username);
    assert.equal((await tokenFrom('127.0.0.1', target.username, PASSWORD)).status, 401, 'locked for every address');
    assert.equal(await t.verity.operators.unlock(target.username), true);
    assert.equal((await tokenFrom('127.0.0.1', target.username, PASSWORD)).status, 200);
    assert.equal((await tokenFrom('127.0.1.1', target.username, PASSWORD)).status, 200, 'the per-address locks are lifted too');
  });

  test('a success from the address clears its count of failures', async () => {
    const operator = await t.verity.operators.create({ username: 'sometimes.wrong', role: 'reviewer', password: PASSWORD });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < SIGN_IN_FAILURES_BEFORE_LOCK - 1; i++) assert.equal((await tokenFrom('127.0.0.7', operator.username, 'a-typo')).status, 401);
      assert.equal((await tokenFrom('127.0.0.7', operator.username, PASSWORD)).status, 200, `round ${round}`);
    }
  });

  test('a password reset lifts the lockouts', async () => {
    const operator = await t.verity.operators.create({ username: 'reset.unlocks', role: 'reviewer', password: PASSWORD });
    await lockFrom('127.0.0.6', operator.username);
    await t.verity.operators.resetPassword(operator.id, 'a-fresh-password-1');
    assert.equal((await tokenFrom('127.0.0.6', operator.username, 'a-fresh-password-1')).status, 200);
  });
});
