import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { test } from 'node:test';
import { TargetRefusedError, checkUrl, createAddressCheck, guardedLookup } from './ssrf-guard.js';

const strict = createAddressCheck({ allowLoopback: false, allowedNetworks: [] });

test('judges addresses by the range they fall in', () => {
  const table: Array<[address: string, expected: string | undefined]> = [
    // Public addresses may be contacted.
    ['93.184.215.14', undefined],
    ['8.8.8.8', undefined],
    ['1.1.1.1', undefined],
    ['172.15.255.255', undefined],
    ['172.32.0.0', undefined],
    ['100.63.255.255', undefined],
    ['100.128.0.0', undefined],
    ['198.17.255.255', undefined],
    ['223.255.255.255', undefined],
    ['2606:4700:4700::1111', undefined],
    ['2a00:1450:4001:80b::200e', undefined],
    // IPv4.
    ['0.0.0.0', 'reserved'],
    ['0.1.2.3', 'reserved'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.169.253', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6.
    ['::', 'reserved'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['fec0::1', 'reserved'], // site-local, outside global unicast
    ['100::1', 'reserved'], // discard-only
    ['::127.0.0.1', 'reserved'], // IPv4-compatible, deprecated
    // IPv6 forms that reach an IPv4 host are judged as that host.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::FFFF:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::8.8.8.8', undefined],
    ['2002:7f00:1::1', 'loopback'], // 6to4 around 127.0.0.1
    ['2002:808:808::1', undefined],
  ];
  for (const [address, expected] of table) assert.equal(strict(address), expected, address);
});

test('never throws for something that is not an address', () => {
  for (const input of ['', 'localhost', '[::1]', '1.2.3', '1.2.3.4.5', '::1/128', '10.0.0.1:80', 'fe80::zz'])
    assert.equal(strict(input), 'invalid', input);
  assert.equal(strict(undefined as unknown as string), 'invalid');
});

test('allows loopback, in both families, only when the policy says so', () => {
  const check = createAddressCheck({ allowLoopback: true, allowedNetworks: [] });
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(check(address), undefined, address);
  assert.equal(check('0.0.0.0'), 'reserved', 'the unspecified address is not loopback');
  assert.equal(check('10.0.0.1'), 'private');
});

test('allows addresses inside the allowed networks', () => {
  const check = createAddressCheck({ allowLoopback: false, allowedNetworks: ['10.0.0.0/8', ' 192.168.10.0/24 ', 'fd00::/8', '127.0.0.0/8'] });
  assert.equal(check('10.1.2.3'), undefined);
  assert.equal(check('::ffff:10.1.2.3'), undefined, 'mapped addresses are judged as IPv4');
  assert.equal(check('64:ff9b::10.1.2.3'), undefined);
  assert.equal(check('192.168.10.20'), undefined);
  assert.equal(check('192.168.11.20'), 'private');
  assert.equal(check('fd12::1'), undefined);
  assert.equal(check('fc00::1'), 'private');
  assert.equal(check('127.0.0.1'), undefined);
  assert.equal(check('::1'), 'loopback', '127.0.0.0/8 does not cover ::1');
  assert.equal(check('172.16.0.1'), 'private');
});

test('metadata endpoints stay refused inside allowed networks', () => {
  const check = createAddressCheck({ allowLoopback: true, allowedNetworks: ['169.254.0.0/16', 'fd00::/8', '::ffff:0:0/96'] });
  assert.equal(check('169.254.1.1'), undefined);
  assert.equal(check('169.254.169.254'), 'metadata');
  assert.equal(check('::ffff:169.254.169.254'), 'metadata');
  assert.equal(check('fd00:ec2::254'), 'metadata');
});

test('rejects allowed networks that are not CIDRs, saying which one', () => {
  for (const cidr of ['10.0.0.0', '10.0.0.0/33', '::/129', 'example.com/8', '10.0.0/8', '10.0.0.0/-1', '10.0.0.0/8/8', '', 'fe80::%eth0/64']) {
    assert.throws(
      () => createAddressCheck({ allowLoopback: false, allowedNetworks: [cidr] }),
      (error: unknown) => error instanceof Error && error.message.includes(JSON.stringify(cidr)) && error.message.includes('CIDR'),
      cidr,
    );
  }
  assert.doesNotThrow(() => createAddressCheck({ allowLoopback: false, allowedNetworks: ['0.0.0.0/0', '::/0', '10.1.2.3/32', '2001:db8::/32'] }));
});

type LookupOutcome = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family: number | undefined };

function runLookup(check: (address: string) => string | undefined, hostname: string, options: { all?: boolean; family?: number }): Promise<LookupOutcome> {
  return new Promise((resolve) => {
    guardedLookup(check)(hostname, options, (error, address, family) => resolve({ error, address, family }));
  });
}

test('the guarded lookup answers with checked addresses, one or all', async () => {
  const allowAll = (): undefined => undefined;
  const one = await runLookup(allowAll, '127.0.0.1', {});
  assert.deepEqual(one, { error: null, address: '127.0.0.1', family: 4 });
  const all = await runLookup(allowAll, '127.0.0.1', { all: true });
  assert.deepEqual(all, { error: null, address: [{ address: '127.0.0.1', family: 4 }], family: undefined });
  const viaName = await runLookup(allowAll, 'localhost', { all: true });
  assert.ok(Array.isArray(viaName.address) && viaName.address.length > 0);
  const wrongFamily = await runLookup(allowAll, '127.0.0.1', { family: 6 });
  assert.equal(wrongFamily.error?.code, 'ENOTFOUND');
});

test('the guarded lookup refuses when any resolved address is refused', async () => {
  const seen: string[] = [];
  const check = (address: string): string | undefined => {
    seen.push(address);
    return strict(address);
  };
  for (const all of [false, true]) {
    const outcome = await runLookup(check, 'localhost', { all });
    assert.ok(outcome.error instanceof TargetRefusedError, `all: ${all}`);
    assert.equal(outcome.error.reason, 'loopback');
    assert.equal(outcome.error.hostname, 'localhost');
    assert.match(outcome.error.message, /^Refused to contact localhost \((127\.0\.0\.1|::1)\): the address is loopback$/);
  }
  assert.ok(seen.length >= 2, 'every lookup was checked');

  const throwing = await runLookup(() => {
    throw new Error('broken check');
  }, '127.0.0.1', { all: true });
  assert.equal(throwing.error?.message, 'broken check');
});

test('TargetRefusedError names the address and the reason', () => {
  const error = new TargetRefusedError('10.0.0.1', 'private');
  assert.equal(error.message, 'Refused to contact 10.0.0.1: the address is private');
  assert.equal(error.name, 'TargetRefusedError');
  assert.ok(error instanceof Error);
});

test('checks subscription URLs', () => {
  const open = { httpsOnly: false };
  const httpsOnly = { httpsOnly: true };
  assert.equal(checkUrl('https://hooks.example.com/verity?x=1', open), undefined);
  assert.equal(checkUrl('http://hooks.example.com:8080/in', open), undefined);
  assert.equal(checkUrl('https://hooks.example.com/in', httpsOnly), undefined);
  assert.equal(checkUrl('https://[2001:db8::1]/in', httpsOnly), undefined, 'addresses are judged when connecting');
  assert.equal(checkUrl('http://hooks.example.com/in', httpsOnly), 'The URL must use https');
  assert.equal(checkUrl('ftp://hooks.example.com/in', open), 'The URL must use http or https');
  assert.equal(checkUrl('file:///etc/passwd', open), 'The URL must use http or https');
  assert.equal(checkUrl('javascript:alert(1)', open), 'The URL must use http or https');
  assert.equal(checkUrl('/relative/path', open), 'The URL is not a valid absolute URL');
  assert.equal(checkUrl('hooks.example.com/in', open), 'The URL is not a valid absolute URL');
  assert.equal(checkUrl('http://', open), 'The URL is not a valid absolute URL');
  assert.equal(checkUrl('', open), 'The URL is empty');
  assert.equal(checkUrl('https://user:secret@hooks.example.com/', open), 'The URL must not contain a user name or password');
  assert.equal(checkUrl('https://user@hooks.example.com/', open), 'The URL must not contain a user name or password');
  assert.equal(checkUrl('https://:secret@hooks.example.com/', open), 'The URL must not contain a user name or password');
  const base = 'https://hooks.example.com/';
  assert.equal(checkUrl(base + 'a'.repeat(2048 - base.length), open), undefined, 'exactly 2048 characters');
  assert.equal(checkUrl(base + 'a'.repeat(2049 - base.length), open), 'The URL is longer than 2048 characters');
  assert.equal(checkUrl(base + ' '.repeat(1000) + 'x', open), 'The URL is longer than 2048 characters once encoded');
});
