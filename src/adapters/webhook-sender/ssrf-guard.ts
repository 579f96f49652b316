import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Protection against server-side request forgery for outbound webhooks: a tenant chooses the URL,
 * so without a guard it could make Verity call its own admin port, another service on the private
 * network or a cloud metadata endpoint. Every address a connection would use is judged, after DNS
 * resolution, and the connection is pinned to the addresses that were judged (no second lookup, so
 * a DNS answer that changes between check and connect — DNS rebinding — gains nothing).
 */

/** Returns undefined when `address` may be contacted, else a short reason such as "loopback". */
export type AddressCheck = (address: string) => string | undefined;

export interface SsrfPolicy {
  readonly allowLoopback: boolean;
  /** CIDRs like "10.0.0.0/8" or "fd00::/8" that are allowed despite being private. */
  readonly allowedNetworks: readonly string[];
}

export class TargetRefusedError extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
    readonly hostname?: string,
  ) {
    const target = hostname === undefined || hostname === address ? address : `${hostname} (${address})`;
    super(`Refused to contact ${target}: the address is ${reason}`);
    this.name = 'TargetRefusedError';
  }
}

type Family = 'ipv4' | 'ipv6';

const METADATA: Record<Family, readonly string[]> = {
  ipv4: ['169.254.169.254/32'],
  ipv6: ['fd00:ec2::254/128'],
};
const LOOPBACK: Record<Family, readonly string[]> = { ipv4: ['127.0.0.0/8'], ipv6: ['::1/128'] };

/** Refused ranges besides metadata and loopback, with the reason reported for each. */
const REFUSED: Record<Family, ReadonlyArray<readonly [reason: string, cidrs: readonly string[]]>> = {
  ipv4: [
    ['private', ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16']],
    ['link-local', ['169.254.0.0/16']],
    ['multicast', ['224.0.0.0/4']],
    // "This network", IETF protocol assignments, documentation, benchmarking, class E and broadcast.
    ['reserved', ['0.0.0.0/8', '192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4']],
  ],
  ipv6: [
    ['private', ['fc00::/7']],
    ['link-local', ['fe80::/10']],
    ['multicast', ['ff00::/8']],
    // Unspecified, documentation (old and RFC 9637) and Teredo tunnels (which reach any IPv4 host).
    ['reserved', ['::/128', '2001:db8::/32', '3fff::/20', '2001::/32']],
  ],
};

/** Only global unicast IPv6 (2000::/3) is contacted; everything outside it is "reserved". */
const GLOBAL_UNICAST_V6 = blockList(['2000::/3'], 'configured');

export function createAddressCheck(policy: SsrfPolicy): AddressCheck {
  const allowed = { ipv4: new BlockList(), ipv6: new BlockList() };
  for (const cidr of policy.allowedNetworks) {
    const { network, prefix, family } = parseCidr(cidr, 'allowedNetworks');
    allowed[family].addSubnet(network, prefix, family);
  }
  const metadata = { ipv4: blockList(METADATA.ipv4), ipv6: blockList(METADATA.ipv6) };
  const loopback = { ipv4: blockList(LOOPBACK.ipv4), ipv6: blockList(LOOPBACK.ipv6) };
  const refused = {
    ipv4: REFUSED.ipv4.map(([reason, cidrs]) => [reason, blockList(cidrs)] as const),
    ipv6: REFUSED.ipv6.map(([reason, cidrs]) => [reason, blockList(cidrs)] as const),
  };

  const judge = (address: string, family: Family): string | undefined => {
    // Metadata endpoints hand out cloud credentials: no allowed network opens them.
    if (metadata[family].check(address, family)) return 'metadata';
    if (allowed[family].check(address, family)) return undefined;
    if (loopback[family].check(address, family)) return policy.allowLoopback ? undefined : 'loopback';
    for (const [reason, list] of refused[family]) if (list.check(address, family)) return reason;
    if (family === 'ipv6' && !GLOBAL_UNICAST_V6.check(address, 'ipv6')) return 'reserved';
    return undefined;
  };

  return (address) => {
    const plain = typeof address === 'string' ? address.replace(/%.*$/, '') : '';
    const version = isIP(plain);
    if (version === 4) return judge(plain, 'ipv4');
    if (version !== 6) return 'invalid';
    const embedded = embeddedIpv4(ipv6Groups(plain));
    if (embedded === undefined) return judge(plain, 'ipv6');
    // A mapped or translated address reaches the IPv4 host inside it: judge that host, unless the
    // IPv6 form itself lies in an allowed network.
    if (!metadata.ipv4.check(embedded, 'ipv4') && allowed.ipv6.check(plain, 'ipv6')) return undefined;
    return judge(embedded, 'ipv4');
  };
}

/**
 * A `dns.lookup` replacement for `net.connect`'s `lookup` option: resolves every address of the
 * host, refuses the connection with a TargetRefusedError when any of them is refused, and else
 * answers with exactly those addresses. `net.connect` skips `lookup` for IP literals: callers must
 * check those themselves.
 */
export function guardedLookup(check: AddressCheck): LookupFunction {
  return (hostname, options, callback) => {
    const wantsAll = options?.all === true;
    const fail = (error: NodeJS.ErrnoException): void => callback(error, wantsAll ? [] : '');
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) return fail(error);
      let refusal: TargetRefusedError | undefined;
      try {
        for (const { address } of addresses) {
          const reason = check(address);
          if (reason !== undefined) {
            refusal = new TargetRefusedError(address, reason, hostname);
            break;
          }
        }
      } catch (checkError) {
        return fail(checkError instanceof Error ? checkError : new Error(String(checkError)));
      }
      if (refusal !== undefined) return fail(refusal);
      const family = familyNumber(options?.family);
      const usable = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
      const first = usable[0];
      if (first === undefined) return fail(notFound(hostname));
      if (wantsAll) callback(null, usable);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * The refusal of a URL whose host is an IP literal the check refuses; undefined for an allowed
 * literal, a host name (judged when a delivery resolves it) or a URL that does not parse.
 * `net.connect` skips `lookup` for literals, so senders judge them with this before connecting.
 */
export function literalRefusal(url: string, check: AddressCheck): TargetRefusedError | undefined {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) === 0) return undefined;
  const reason = check(host);
  return reason === undefined ? undefined : new TargetRefusedError(host, reason);
}

/** Undefined when `url` is acceptable as a webhook subscription URL, else a message saying why not. */
export function checkUrl(url: string, options: { httpsOnly: boolean }): string | undefined {
  const maxLength = 2048;
  if (typeof url !== 'string' || url.length === 0) return 'The URL is empty';
  if (url.length > maxLength) return `The URL is longer than ${maxLength} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not a valid absolute URL';
  }
  if (options.httpsOnly && parsed.protocol !== 'https:') return 'The URL must use https';
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The URL must use http or https';
  if (parsed.hostname === '') return 'The URL has no host';
  if (parsed.username !== '' || parsed.password !== '') return 'The URL must not contain a user name or password';
  if (parsed.href.length > maxLength) return `The URL is longer than ${maxLength} characters once encoded`;
  return undefined;
}

function parseCidr(cidr: string, setting: string): { network: string; prefix: number; family: Family } {
  const match = typeof cidr === 'string' ? /^([0-9a-fA-F.:]+)\/(\d{1,3})$/.exec(cidr.trim()) : null;
  const version = match ? isIP(match[1] ?? '') : 0;
  const prefix = Number(match?.[2]);
  if (match === null || version === 0 || prefix > (version === 4 ? 32 : 128)) {
    throw new Error(`${setting}: ${JSON.stringify(cidr)} is not a network in CIDR notation, such as "10.0.0.0/8" or "fd00::/8"`);
  }
  return { network: match[1] ?? '', prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function blockList(cidrs: readonly string[], setting = 'built-in'): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const { network, prefix, family } = parseCidr(cidr, setting);
    list.addSubnet(network, prefix, family);
  }
  return list;
}

/** The eight 16-bit groups of a valid IPv6 address (without zone), `::` and dotted tails expanded. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head = '', tail] = text.split('::');
  if (tail === undefined) return parse(head);
  const before = parse(head);
  const after = parse(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/** The IPv4 address an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address reaches. */
function embeddedIpv4(groups: number[]): string | undefined {
  const at = (index: number): number => groups[index] ?? 0;
  const quad = (high: number, low: number): string => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  const zeroUpTo = (end: number): boolean => groups.slice(0, end).every((group) => group === 0);
  if (zeroUpTo(5) && at(5) === 0xffff) return quad(at(6), at(7));
  if (at(0) === 0x64 && at(1) === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return quad(at(6), at(7));
  if (at(0) === 0x2002) return quad(at(1), at(2));
  return undefined;
}

function familyNumber(family: number | string | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
}
