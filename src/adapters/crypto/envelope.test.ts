import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { open, seal } from './envelope.js';
import { PiiVault } from './pii-vault.js';

test('sealed data opens with the same key and context only', () => {
  const key = randomBytes(32);
  const sealed = seal(key, Buffer.from('123456789'), 'row-1');
  assert.ok(!sealed.includes('123456789'));
  assert.equal(open(key, sealed, 'row-1').toString(), '123456789');
  assert.throws(() => open(key, sealed, 'row-2'));
  assert.throws(() => open(randomBytes(32), sealed, 'row-1'));
  assert.throws(() => open(key, sealed.slice(0, -4) + 'AAAA', 'row-1'));
  const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
  const shortTag = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
  assert.throws(() => open(key, [version, iv, shortTag, body].join('.'), 'row-1'), 'a truncated tag is refused');
});

test('a vault seals each customer under its own data key', () => {
  const vault = new PiiVault(randomBytes(32));
  const a = vault.sealNew('a', { ssn: '123456789', dateOfBirth: '1980-01-01' });
  const b = vault.sealNew('b', { ssn: '123456789' });
  assert.notEqual(a.wrappedKey, b.wrappedKey);
  assert.deepEqual(vault.open('a', a), { ssn: '123456789', dateOfBirth: '1980-01-01' });
  assert.throws(() => vault.open('b', { wrappedKey: b.wrappedKey, ciphertext: a.ciphertext }));
  const resealed = vault.reseal('a', a.wrappedKey, { ssn: '987654321' });
  assert.deepEqual(vault.open('a', { wrappedKey: a.wrappedKey, ciphertext: resealed }), { ssn: '987654321' });
});
