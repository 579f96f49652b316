import { isIP } from 'node:net';

/**
 * The proxies whose X-Forwarded-For entries Verity believes: the client is the address just
 * before the last trusted one. Either a count of proxies in front (each assumed to append the
 * address it saw), or the proxies' addresses and networks.
 */
export type TrustedProxies = { readonly hops: number } | { readonly addresses: readonly string[] };

const MAX_PROXY_HOPS = 10;
/** proxy-addr's names for reserved ranges (Fastify passes them on). */
const NAMED_NETWORKS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * VERITY_TRUST_PROXY: unset or false for none, a hop count, or addresses and CIDRs. `true` is
 * refused: it once meant "believe every X-Forwarded-For entry", which lets any client choose the
 * address its rate limits and audit entries are counted under.
 */
export function parseTrustProxy(value: string | undefined, problems: string[]): TrustedProxies | undefined {
  const raw = (value ?? '').trim();
  if (['', '0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return undefined;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    problems.push(
      `VERITY_TRUST_PROXY=${raw} would believe any X-Forwarded-For a client writes. Give the number of proxies in front of Verity (e.g. VERITY_TRUST_PROXY=1) or their addresses (e.g. VERITY_TRUST_PROXY=10.0.0.0/8,127.0.0.1)`,
    );
    return undefined;
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops <= MAX_PROXY_HOPS) return { hops };
    problems.push(`VERITY_TRUST_PROXY must be a number of proxies from 1 to ${MAX_PROXY_HOPS}, or their addresses; got "${raw}"`);
    return undefined;
  }
  const addresses = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const wrong = addresses.filter((entry) => !isAddressOrNetwork(entry));
  if (wrong.length > 0) {
    problems.push(
      `VERITY_TRUST_PROXY must be false, a number of proxies (e.g. 1) or comma-separated proxy addresses and CIDRs (e.g. 10.0.0.0/8,127.0.0.1); not an address or CIDR: ${wrong.map((w) => `"${w}"`).join(', ')}`,
    );
    return undefined;
  }
  return { addresses };
}

function isAddressOrNetwork(entry: string): boolean {
  if (NAMED_NETWORKS.includes(entry) || isIP(entry) !== 0) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}
