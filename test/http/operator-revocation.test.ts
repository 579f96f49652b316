import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Operator } from '../../src/domain/operator.js';
import { consoleClient } from '../support/console-client.js';
import { startSecondNode, type SecondNode } from '../support/second-node.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'revocable-password-1';

let t: TestApp;
let other: SecondNode;
let admin: Operator;
before(async () => {
  t = await startTestApp('operator-revocation');
  other = await startSecondNode(t);
  admin = await t.verity.operators.create({ username: 'revoking.admin', role: 'admin', password: 'revoking-admin-pw-1' });
});
after(async () => {
  await other.close();
  await t.close();
});

let counter = 0;
async function newOperator(role: 'reviewer' | 'admin' = 'reviewer'): Promise<Operator> {
  counter += 1;
  return t.verity.operators.create({ username: `revocable.${counter}`, role, password: PASSWORD });
}

/** A token from this node's token endpoint. */
async function tokenFor(operator: Operator, password = PASSWORD): Promise<string> {
  const response = await fetch(`${t.url}/v1/operators/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: operator.username, password }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The review queue on a node, with the token. */
async function reviews(url: string, token: string) {
  const response = await fetch(`${url}/v1/reviews`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Used on both nodes first, so each has seen (and may remember) the token and the operator. */
async function warmed(token: string): Promise<void> {
  assert.equal((await reviews(t.url, token)).status, 200);
  assert.equal((await reviews(other.url, token)).status, 200);
}

async function assertRefusedEverywhere(token: string): Promise<void> {
  for (const url of [t.url, other.url]) {
    const answer = await reviews(url, token);
    assert.equal(answer.status, 401, url);
    assert.equal(answer.body.code, 'InvalidAccessToken', url);
  }
}

describe('operator tokens end with a password reset, a disable/enable or a role change, on every node at once', () => {
  test('a password reset on one node ends the tokens another node has already accepted', async () => {
    const operator = await newOperator();
    const token = await tokenFor(operator);
    await warmed(token);
    await t.verity.operators.resetPassword(operator.id, 'a-brand-new-password');
    await assertRefusedEverywhere(token);
    // The new password gives a token that works everywhere.
    await warmed(await tokenFor(operator, 'a-brand-new-password'));
  });

  test('disabling and enabling again leaves earlier tokens dead', async () => {
    const operator = await newOperator();
    const token = await tokenFor(operator);
    await warmed(token);
    await t.verity.operators.setDisabled(operator.id, true, admin);
    await assertRefusedEverywhere(token);
    await t.verity.operators.setDisabled(operator.id, false, admin);
    await assertRefusedEverywhere(token);
    await warmed(await tokenFor(operator));
  });

  test('a role change ends the tokens', async () => {
    const operator = await newOperator('admin');
    const token = await tokenFor(operator);
    await warmed(token);
    await t.verity.operators.setRole(operator.id, 'reviewer', admin);
    await assertRefusedEverywhere(token);
  });

  test('the change made on the other node is seen here at once', async () => {
    const operator = await newOperator();
    const token = await tokenFor(operator);
    await warmed(token);
    await other.verity.operators.resetPassword(operator.id, 'changed-elsewhere-pw');
    await assertRefusedEverywhere(token);
  });
});

describe('console sessions end the same way, on every node', () => {
  async function signedIn(operator: Operator) {
    const browser = consoleClient(t);
    assert.equal((await browser.signIn(operator.username, PASSWORD)).status, 303);
    const cookie = `verity_console=${browser.cookies.get('verity_console')}`;
    const page = async (url: string) => (await fetch(`${url}/console/queue`, { redirect: 'manual', headers: { cookie } })).status;
    assert.equal(await page(t.url), 200);
    assert.equal(await page(other.url), 200);
    return page;
  }

  test('a role change signs the operator out of the console on both nodes', async () => {
    const operator = await newOperator('admin');
    const page = await signedIn(operator);
    await other.verity.operators.setRole(operator.id, 'reviewer', admin);
    assert.equal(await page(t.url), 303);
    assert.equal(await page(other.url), 303);
  });

  test('a disable and enable on the other node signs the operator out here', async () => {
    const operator = await newOperator();
    const page = await signedIn(operator);
    await other.verity.operators.setDisabled(operator.id, true, admin);
    await other.verity.operators.setDisabled(operator.id, false, admin);
    assert.equal(await page(t.url), 303);
    assert.equal(await page(other.url), 303);
  });
});
