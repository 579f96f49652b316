import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  checkSecret,
  dwollaSignature,
  generateWebhookSecret,
  standardWebhookSignature,
  webhookHeaders,
} from './signatures.js';

// The example from Dwolla's webhook documentation.
const DWOLLA_SECRET = 'sshhhhhh';
const DWOLLA_BODY =
  '{"id":"80d8ff7d-7e5a-4975-ade8-9e97306d6c15","resourceId":"36E9DCB2-889B-4873-8E52-0C9404EA002A","topic":"customer_created","timestamp":"2015-10-22T14:44:11.407Z"}';
const DWOLLA_SIGNATURE = 'a8608f466fe9409df7f6508ebbbcefcf2a88b92e9ecc14221287dc014af631e1';

const BODY = '{"id":"evt_1","topic":"customer_verified","note":"café ✓"}';
const now = () => Math.floor(Date.now() / 1000);

function headersFor(secrets: readonly string[], timestampSeconds = now()) {
  return webhookHeaders({ secrets, eventId: 'evt_1', topic: 'customer_verified', timestampSeconds, body: BODY });
}

test('the Dwolla signature matches the documented example', () => {
  assert.equal(dwollaSignature(DWOLLA_SECRET, DWOLLA_BODY), DWOLLA_SIGNATURE);
});

test("the Dwolla signature passes Dwolla's documented receiver check, for plain and whsec_ secrets", () => {
  for (const secret of [DWOLLA_SECRET, generateWebhookSecret(), 'pässwörd ✓']) {
    const header = headersFor([secret])['x-request-signature-sha-256'];
    assert.equal(createHmac('sha256', secret).update(BODY).digest('hex'), header);
  }
});

test('the Dwolla signature keys a whsec_ secret with its text, not its decoded bytes', () => {
  const secret = generateWebhookSecret();
  const decodedKey = Buffer.from(secret.slice('whsec_'.length), 'base64');
  assert.equal(dwollaSignature(secret, BODY), createHmac('sha256', Buffer.from(secret, 'utf8')).update(BODY).digest('hex'));
  assert.notEqual(dwollaSignature(secret, BODY), createHmac('sha256', decodedKey).update(BODY).digest('hex'));
});

test('the Dwolla signature is lower-case hex and depends on the secret and on every byte of the body', () => {
  const signature = dwollaSignature('s', BODY);
  assert.match(signature, /^[0-9a-f]{64}$/);
  assert.notEqual(dwollaSignature('t', BODY), signature);
  assert.notEqual(dwollaSignature('s', `${BODY} `), signature);
});

test('a whsec_ secret: the standardwebhooks library verifies our headers', () => {
  const secret = generateWebhookSecret();
  const headers = headersFor([secret]);
  assert.deepEqual(new Webhook(secret).verify(BODY, headers), JSON.parse(BODY));
  assert.equal(new Webhook(secret).sign('evt_1', new Date(Number(headers['webhook-timestamp']) * 1000), BODY), headers['webhook-signature']);
});

test('a plain secret: the library verifies our headers when given the secret as raw bytes', () => {
  const secret = DWOLLA_SECRET;
  const headers = headersFor([secret]);
  // The library's default format base64-decodes the secret (after an optional whsec_ prefix), so a
  // plain secret must be passed with format 'raw'. As a string it is used as its ASCII codes.
  assert.deepEqual(new Webhook(secret, { format: 'raw' }).verify(BODY, headers), JSON.parse(BODY));
  assert.deepEqual(new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' }).verify(BODY, headers), JSON.parse(BODY));
  // Without 'raw', "sshhhhhh" happens to be valid base64 (6 bytes): a different key, so no match.
  assert.throws(() => new Webhook(secret).verify(BODY, headers), /No matching signature/);
});

test('a non-ASCII plain secret is keyed with UTF-8 bytes (the library needs them as a Uint8Array)', () => {
  const secret = 'pässwörd ✓';
  const headers = headersFor([secret]);
  assert.deepEqual(new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' }).verify(BODY, headers), JSON.parse(BODY));
  // Given as a string, the library keeps only the low byte of each UTF-16 unit, not UTF-8.
  assert.throws(() => new Webhook(secret, { format: 'raw' }).verify(BODY, headers), /No matching signature/);
});

test('two secrets during a rotation: both signatures are present and either secret verifies', () => {
  const current = generateWebhookSecret();
  const previous = 'legacy-plain-secret';
  const headers = headersFor([current, previous]);
  const parts = headers['webhook-signature']!.split(' ');
  assert.equal(parts.length, 2);
  assert.equal(parts[0], standardWebhookSignature([current], 'evt_1', Number(headers['webhook-timestamp']), BODY));
  assert.equal(parts[1], standardWebhookSignature([previous], 'evt_1', Number(headers['webhook-timestamp']), BODY));
  assert.deepEqual(new Webhook(current).verify(BODY, headers), JSON.parse(BODY));
  assert.deepEqual(new Webhook(previous, { format: 'raw' }).verify(BODY, headers), JSON.parse(BODY));
  assert.throws(() => new Webhook(generateWebhookSecret()).verify(BODY, headers), /No matching signature/);
  // The Dwolla header is signed with the current secret only.
  assert.equal(headers['x-request-signature-sha-256'], dwollaSignature(current, BODY));
});

test('the Standard Webhooks signature matches a hand computation and covers id, timestamp and body', () => {
  const key = Buffer.alloc(24, 7);
  const secret = `whsec_${key.toString('base64')}`;
  const expected = `v1,${createHmac('sha256', key).update(`evt_1.1700000000.${BODY}`).digest('base64')}`;
  assert.equal(standardWebhookSignature([secret], 'evt_1', 1700000000, BODY), expected);
  assert.match(expected, /^v1,[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(standardWebhookSignature([secret], 'evt_2', 1700000000, BODY), expected);
  assert.notEqual(standardWebhookSignature([secret], 'evt_1', 1700000001, BODY), expected);
  assert.notEqual(standardWebhookSignature([secret], 'evt_1', 1700000000, `${BODY} `), expected);
  const plain = `v1,${createHmac('sha256', Buffer.from('plain', 'utf8')).update(`evt_1.1700000000.${BODY}`).digest('base64')}`;
  assert.equal(standardWebhookSignature(['plain'], 'evt_1', 1700000000, BODY), plain);
});

test('signing without a secret or with a bad timestamp is refused', () => {
  assert.throws(() => standardWebhookSignature([], 'evt_1', 1700000000, BODY), RangeError);
  assert.throws(() => headersFor([]), RangeError);
  for (const timestamp of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => standardWebhookSignature(['s'], 'evt_1', timestamp, BODY), RangeError);
  }
});

test('the delivery headers are complete and lower-case', () => {
  const secret = generateWebhookSecret();
  const headers = headersFor([secret], 1700000000);
  assert.deepEqual(headers, {
    'content-type': 'application/json; charset=UTF-8',
    'user-agent': 'Verity-Webhooks/1.0',
    'x-dwolla-topic': 'customer_verified',
    'x-request-signature-sha-256': dwollaSignature(secret, BODY),
    'webhook-id': 'evt_1',
    'webhook-timestamp': '1700000000',
    'webhook-signature': standardWebhookSignature([secret], 'evt_1', 1700000000, BODY),
  });
  for (const name of Object.keys(headers)) assert.equal(name, name.toLowerCase());
});

test('generated secrets are unique whsec_ secrets of 24 random bytes that pass checkSecret', () => {
  const secrets = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const secret = generateWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(secret.length, 6 + 32);
    assert.equal(Buffer.from(secret.slice(6), 'base64').length, 24);
    assert.equal(checkSecret(secret), undefined);
    secrets.add(secret);
  }
  assert.equal(secrets.size, 200);
});

test('checkSecret accepts plain secrets of 1 to 128 characters and whsec_ secrets of 24 to 64 bytes', () => {
  for (const secret of [
    'x',
    DWOLLA_SECRET,
    'a'.repeat(128),
    '✓'.repeat(128),
    '😀'.repeat(128), // characters are counted as code points, not UTF-16 units
    'with spaces and ünïcödé',
    `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
    `whsec_${Buffer.alloc(32, 1).toString('base64')}`, // one '=' of padding
    `whsec_${Buffer.alloc(64, 1).toString('base64')}`, // two '=' of padding
  ]) {
    assert.equal(checkSecret(secret), undefined, secret);
  }
});

test('checkSecret rejects non-strings, bad lengths, control characters and bad whsec_ secrets', () => {
  const cases: [unknown, RegExp][] = [
    [undefined, /must be a string/],
    [null, /must be a string/],
    [42, /must be a string/],
    [Buffer.from('secret'), /must be a string/],
    ['', /1 to 128 characters/],
    ['a'.repeat(129), /1 to 128 characters/],
    ['line\nbreak', /control characters/],
    ['tab\there', /control characters/],
    ['nul\u0000', /control characters/],
    ['del\u007f', /control characters/],
    ['c1\u0085', /control characters/],
    [`whsec_${Buffer.alloc(23, 1).toString('base64')}`, /24 to 64 bytes \(it decodes to 23\)/],
    [`whsec_${Buffer.alloc(65, 1).toString('base64')}`, /24 to 64 bytes \(it decodes to 65\)/],
    ['whsec_', /24 to 64 bytes \(it decodes to 0\)/],
    [`whsec_${Buffer.alloc(24, 255).toString('base64url')}`, /standard base64/],
    [`whsec_${Buffer.alloc(32, 1).toString('base64').replace(/=+$/, '')}`, /standard base64/],
    [`whsec_${Buffer.alloc(24, 1).toString('base64')}!`, /standard base64/],
    [`whsec_ ${Buffer.alloc(24, 1).toString('base64')}`, /standard base64/],
  ];
  for (const [secret, message] of cases) {
    assert.match(checkSecret(secret) ?? 'accepted', message, String(secret));
  }
});
