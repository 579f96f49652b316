import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { credentials, storage } from './support.js';

// Veratad clients send their key and secret with every call. Failed attempts (each costs a slow
// hash) are limited per IP address and per key like POST /token; calls that sign in are not.

let t: TestApp;

before(async () => {
  t = await startTestApp('veratad-rate-limits', { VERITY_TOKEN_RATE_LIMIT_PER_IP: '5', VERITY_TOKEN_RATE_LIMIT_PER_CLIENT: '2' });
});

after(() => t.close());

const lookup = (user: string, pass: string) => storage(t, { user, pass, service: 'getStatus', target: { email: 'nobody@veratad-test.com' } });

test('successful sign-ins are not limited; failures are, per key and then per IP address, answered 429 with Retry-After', async () => {
  const { user, pass } = credentials(t);
  for (let i = 0; i < 12; i++) assert.equal((await lookup(user, pass)).status, 404);

  assert.equal((await lookup(user, 'vs_wrong')).status, 401);
  assert.equal((await lookup(user, 'vs_wrong')).status, 401);
  const overKey = await lookup(user, 'vs_wrong');
  assert.equal(overKey.status, 429);
  assert.deepEqual(Object.keys(overKey.body), ['result', 'message']);
  assert.equal(overKey.body.result, 'Error');
  assert.match(overKey.body.message, /Too many requests/);
  assert.match(overKey.headers.get('retry-after') ?? '', /^\d+$/);
  // The key stays blocked for its window, even with the right secret.
  assert.equal((await lookup(user, pass)).status, 429);

  // Another key from the same address still signs in: only three failures came from it so far.
  const other = await t.verity.tenants.create({ name: 'second tenant' });
  assert.equal((await lookup(other.tenant.key, other.secret)).status, 404);
  assert.equal((await lookup('vk_nobody1', 'x')).status, 401);
  assert.equal((await lookup('vk_nobody2', 'x')).status, 401);
  assert.equal((await lookup('vk_nobody3', 'x')).status, 429);
  // The address is now blocked, whatever it sends.
  const blocked = await lookup(other.tenant.key, other.secret);
  assert.equal(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
});
