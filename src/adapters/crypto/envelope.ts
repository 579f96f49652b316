import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomBytesPooled } from '../../kit/random.js';

/**
 * Envelope encryption with AES-256-GCM: each customer's personal data is encrypted with a data
 * key of its own, and that key is stored wrapped (encrypted) by a key derived from the master key.
 * Destroying one wrapped key makes that customer's data unreadable (crypto-erasure).
 *
 * Format of every ciphertext: `v1.<iv>.<tag>.<ciphertext>` in base64url. `context` is bound as
 * additional authenticated data, so a ciphertext copied onto another row does not decrypt.
 */
const VERSION = 'v1';

export function newDataKey(): Buffer {
  return randomBytesPooled(32);
}

export function seal(key: Buffer, plaintext: Buffer, context: string): string {
  const iv = randomBytesPooled(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether a stored text is a ciphertext of this format (JSON never is: it cannot start with `v1.`). */
export function isSealed(text: string): boolean {
  return SEALED.test(text);
}

export function open(key: Buffer, sealed: string, context: string): Buffer {
  const [version, ivText, tagText, body] = sealed.split('.');
  const iv = Buffer.from(ivText ?? '', 'base64url');
  const tag = Buffer.from(tagText ?? '', 'base64url');
  // A short tag would be accepted by GCM and make forgeries easier: insist on the full 16 bytes.
  if (version !== VERSION || iv.length !== 12 || tag.length !== 16 || body === undefined) throw new Error('Not a Verity ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}
