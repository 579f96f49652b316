import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveMasterKey } from '../../src/adapters/crypto/master-key.js';
import { deriveKey } from '../../src/adapters/crypto/secrets.js';
import type { Clock } from '../../src/domain/clock.js';
import { AccessTokenService } from '../../src/services/access/access-tokens.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp('clock-skew');
});
after(() => t.close());

/** Another node sharing this one's signing key, its clock `offsetSeconds` off this node's. */
function otherNode(offsetSeconds: number): AccessTokenService {
  const clock: Clock = { now: () => new Date(t.clock.now().getTime() + offsetSeconds * 1000) };
  const key = deriveKey(resolveMasterKey(t.verity.config), 'access-token');
  return new AccessTokenService(key, t.verity.config.tokenTtlSeconds, clock, t.verity.config.clockSkewSeconds);
}

async function tenantToken(node: AccessTokenService): Promise<string> {
  return (await node.issue(await t.verity.tenants.get(t.tenant.id))).accessToken;
}

async function getTenant(token: string) {
  const response = await fetch(`${t.url}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('clock skew between nodes (VERITY_CLOCK_SKEW_SECONDS, 30 by default)', () => {
  test('a token from a node 20 s ahead is accepted', async () => {
    assert.equal((await getTenant(await tenantToken(otherNode(20)))).status, 200);
  });

  test('a token from a node further ahead than the leeway is refused', async () => {
    const answer = await getTenant(await tenantToken(otherNode(45)));
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 'InvalidAccessToken');
  });

  test('a token that expired less than the leeway ago is still accepted; one past it is expired', async () => {
    const ttl = t.verity.config.tokenTtlSeconds;
    assert.equal((await getTenant(await tenantToken(otherNode(-ttl - 20)))).status, 200);
    const expired = await getTenant(await tenantToken(otherNode(-ttl - 45)));
    assert.equal(expired.status, 401);
    assert.equal(expired.body.code, 'ExpiredAccessToken');
  });

  test('an operator token from a node 20 s ahead is accepted, 45 s ahead refused', async () => {
    const operator = await t.verity.operators.create({ username: 'skewed.reviewer', role: 'reviewer', password: 'skewed-reviewer-pw' });
    const accepted = await otherNode(20).issueOperator(operator);
    assert.equal((await t.verity.authenticator.operatorForToken(accepted.accessToken)).id, operator.id);
    const refused = await otherNode(45).issueOperator(operator);
    await assert.rejects(t.verity.authenticator.operatorForToken(refused.accessToken), { code: 'InvalidAccessToken' });
  });

  test('a leeway of 0 refuses a token from a node 20 s ahead', async () => {
    const strict = await startTestApp('clock-skew-strict', { VERITY_CLOCK_SKEW_SECONDS: '0' });
    try {
      const key = deriveKey(resolveMasterKey(strict.verity.config), 'access-token');
      const ahead = new AccessTokenService(key, 3600, { now: () => new Date(strict.clock.now().getTime() + 20_000) }, 0);
      const token = (await ahead.issue(await strict.verity.tenants.get(strict.tenant.id))).accessToken;
      const response = await fetch(`${strict.url}/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 401);
    } finally {
      await strict.close();
    }
  });
});
