import { createHmac } from 'node:crypto';
import { randomBytesPooled } from '../../kit/random.js';

// Outgoing webhooks carry two signatures so that receivers can use either convention:
//  - Dwolla's `X-Request-Signature-SHA-256`: hex HMAC-SHA256 of the body, keyed with the
//    secret's UTF-8 bytes (https://developers.dwolla.com/docs/webhooks).
//  - Standard Webhooks' `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
//    one per secret, space-separated (https://www.standardwebhooks.com/).

const WHSEC_PREFIX = 'whsec_';
const GENERATED_SECRET_BYTES = 24;
const MAX_SECRET_LENGTH = 128;
const MIN_WHSEC_KEY_BYTES = 24;
const MAX_WHSEC_KEY_BYTES = 64;

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return WHSEC_PREFIX + randomBytesPooled(GENERATED_SECRET_BYTES).toString('base64');
}

/** Dwolla's `X-Request-Signature-SHA-256`: lower-case hex HMAC-SHA256 of the body, keyed with the secret as UTF-8 (even a `whsec_` secret). */
export function dwollaSignature(secret: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex');
}

/**
 * The Standard Webhooks `webhook-signature` header: `v1,<base64>` for each secret, space-separated
 * (several while a rotated secret overlaps). A `whsec_` secret's key is the base64 after the prefix;
 * any other secret's key is its UTF-8 bytes.
 */
export function standardWebhookSignature(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  if (secrets.length === 0) throw new RangeError('At least one webhook secret is needed to sign');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('The webhook timestamp must be a non-negative whole number of seconds');
  }
  const signedContent = `${id}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', standardWebhookKey(secret)).update(signedContent, 'utf8').digest('base64')}`)
    .join(' ');
}

function standardWebhookKey(secret: string): Buffer {
  return secret.startsWith(WHSEC_PREFIX)
    ? Buffer.from(secret.slice(WHSEC_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

export interface WebhookHeadersInput {
  /** The current secret first, then the previous one while a rotation overlaps. */
  secrets: readonly string[];
  eventId: string;
  topic: string;
  timestampSeconds: number;
  /** The exact body that will be sent. */
  body: string;
}

/** The headers of one webhook delivery, all names lower-case. */
export function webhookHeaders(input: WebhookHeadersInput): Record<string, string> {
  const current = input.secrets[0];
  if (current === undefined) throw new RangeError('At least one webhook secret is needed to sign');
  return {
    'content-type': 'application/json; charset=UTF-8',
    'user-agent': 'Verity-Webhooks/1.0',
    'x-dwolla-topic': input.topic,
    'x-request-signature-sha-256': dwollaSignature(current, input.body),
    'webhook-id': input.eventId,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': standardWebhookSignature(input.secrets, input.eventId, input.timestampSeconds, input.body),
  };
}

/** Why a webhook secret is unacceptable, or undefined when it is fine. */
export function checkSecret(secret: unknown): string | undefined {
  if (typeof secret !== 'string') return 'The webhook secret must be a string';
  const length = [...secret].length;
  if (length < 1 || length > MAX_SECRET_LENGTH) {
    return `The webhook secret must be 1 to ${MAX_SECRET_LENGTH} characters long`;
  }
  if (/\p{Cc}/u.test(secret)) return 'The webhook secret must not contain control characters';
  if (secret.startsWith(WHSEC_PREFIX)) {
    const encoded = secret.slice(WHSEC_PREFIX.length);
    const key = Buffer.from(encoded, 'base64');
    // Node's decoder skips characters outside the alphabet; receivers' libraries reject them,
    // so only canonical, padded standard base64 is accepted.
    if (key.toString('base64') !== encoded) {
      return 'A whsec_ webhook secret must be followed by standard base64 (A-Z, a-z, 0-9, +, /, with = padding)';
    }
    if (key.length < MIN_WHSEC_KEY_BYTES || key.length > MAX_WHSEC_KEY_BYTES) {
      return `A whsec_ webhook secret must decode to ${MIN_WHSEC_KEY_BYTES} to ${MAX_WHSEC_KEY_BYTES} bytes (it decodes to ${key.length})`;
    }
  }
  return undefined;
}
