import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveKey, hashSecret, keyedDigest, lookupDigest, randomCredential, verifySecret } from './secrets.js';

test('a hashed secret verifies, a different one does not', async () => {
  const hash = await hashSecret('vs_correct');
  assert.match(hash, /^scrypt\$15\$8\$1\$/);
  assert.ok(!hash.includes('vs_correct'));
  assert.equal(await verifySecret('vs_correct', hash), true);
  assert.equal(await verifySecret('vs_wrong', hash), false);
});

test('the same secret hashes differently each time (salted)', async () => {
  assert.notEqual(await hashSecret('same'), await hashSecret('same'));
});

test('a malformed stored hash never matches', async () => {
  for (const stored of ['', 'plain', 'scrypt$15$8$1$', 'bcrypt$x$y$z$a$b']) {
    assert.equal(await verifySecret('anything', stored), false);
  }
});

test('credentials are prefixed, URL-safe and contain no colon (safe in HTTP Basic)', () => {
  const credential = randomCredential('vk', 18);
  assert.match(credential, /^vk_[A-Za-z0-9_-]{24}$/);
});

test('derived keys differ by purpose and are stable', () => {
  const master = Buffer.alloc(32, 9);
  assert.deepEqual(deriveKey(master, 'a'), deriveKey(master, 'a'));
  assert.notDeepEqual(deriveKey(master, 'a'), deriveKey(master, 'b'));
  assert.notEqual(keyedDigest(deriveKey(master, 'a'), 'x'), keyedDigest(deriveKey(master, 'b'), 'x'));
});

test('lookup digests are keyed: stable for one key, different under another, never the value', () => {
  const master = Buffer.alloc(32, 9);
  const digest = lookupDigest(deriveKey(master, 'a'));
  const pair = 'vk_key:vs_secret';
  assert.equal(digest(pair), digest(pair));
  assert.notEqual(digest(pair), digest('vk_key:vs_other'));
  assert.notEqual(digest(pair), lookupDigest(deriveKey(master, 'b'))(pair));
  assert.match(digest(pair), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(!digest(pair).includes('secret'));
});
