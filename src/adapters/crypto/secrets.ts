import { createHmac, hash, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { HashingGate } from './hashing-gate.js';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// scrypt cost 2^15 (32 MiB, tens of ms). The parameters are stored in each hash, so they can be
// raised later without invalidating existing hashes.
const COST_LOG2 = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;

/** One gate per process, as the thread pool it protects is (see HashingGate); libuv's default pool has 4 threads. */
const gate = new HashingGate(4);

/** Sizes the hashing gate for the process's thread pool (UV_THREADPOOL_SIZE, read by the configuration). */
export function sizeHashingForThreadPool(threadPoolSize: number): void {
  gate.resize(threadPoolSize);
}

/** A slow, salted hash of a secret or password, as `scrypt$logN$r$p$salt$hash`. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await gate.run(() => derive(secret, salt, COST_LOG2, BLOCK_SIZE, PARALLELISM), false);
  return ['scrypt', COST_LOG2, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Checks a secret against a stored hash in constant time. A malformed hash never matches. While
 * too many checks are running and waiting, ServiceBusyError, at once (see HashingGate).
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await gate.run(() => derive(secret, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p)), true);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(secret: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return scryptAsync(secret, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r });
}

/** A random credential with a readable prefix, e.g. `vk_…` (URL- and Basic-auth-safe). */
let nobodysHash: Promise<string> | undefined;

/**
 * verifySecret against the stored hash, or, where there is none (an unknown key or username),
 * against the hash of a random value nobody knows: false either way, in the same time, so the
 * response time does not tell which names exist.
 */
export async function verifySecretOrNone(secret: string, stored: string | undefined): Promise<boolean> {
  if (stored !== undefined) return verifySecret(secret, stored);
  nobodysHash ??= hashSecret(randomCredential('unknown', 32));
  await verifySecret(secret, await nobodysHash);
  return false;
}

export function randomCredential(prefix: string, bytes: number): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** A sub-key of the master key for one purpose, so one key never serves two uses. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `verity:${purpose}`, 32));
}

/** Keyed hash (HMAC-SHA-256) of a value kept in the database: fingerprints, refresh tokens. */
export function keyedDigest(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

/**
 * A keyed hash for a lookup key held only in memory, where a secret must not be (the cache of
 * verified credentials): SHA-256 over the key and the value, in one call of the one-shot hash,
 * which costs about a third of an HMAC and runs on the processor's SHA instructions where it has
 * them. It matters where clients send their secret with every request. The digest never leaves
 * the process, so length extension (the reason for HMAC's nesting) gives an attacker nothing: what
 * is needed is a key nobody can invert or collide, and this is one. The key is written out at a
 * fixed length, so key and value cannot run into each other.
 */
export function lookupDigest(key: Buffer): (value: string) => string {
  const prefix = key.toString('base64');
  return (value) => hash('sha256', prefix + value, 'base64url');
}

/** SHA-256 of a file's bytes or a text, in hex: what an imported list is known by. */
export function sha256Hex(data: Buffer | string): string {
  return hash('sha256', data, 'hex');
}
