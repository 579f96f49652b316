/**
 * The identity-data provider's settings (VERITY_IDENTITY_PROVIDER_*), read by loadConfig in
 * config.ts; kept apart only so that file stays small.
 */
import type { Mode } from './config.js';

/** config.ts's reader of bounded integers: records a problem and gives the fallback on a bad value. */
export interface IntegerReader {
  integer(name: string, fallback: number, min: number, max: number): number;
}

/** Where identity data is checked, and how hard Verity tries when the provider fails. */
export interface IdentityProviderConfig {
  readonly url: string;
  readonly token: string;
  /** One call's whole exchange. */
  readonly timeoutMs: number;
  /** Consecutive failures that open the circuit breaker, and how long it then stays open. */
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  /**
   * Waits between calls for one attempt grow from retryBaseMs up to retryMaxMs. An attempt is
   * never given up: an outage must not decide anyone's verification, so it waits for an answer.
   */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

export function parseIdentityProvider(read: IntegerReader, env: NodeJS.ProcessEnv, mode: Mode, problems: string[]): IdentityProviderConfig | undefined {
  const url = env.VERITY_IDENTITY_PROVIDER_URL || undefined;
  if (url === undefined) return undefined;
  const problem = identityProviderUrlProblem(url, mode);
  if (problem !== undefined) problems.push(`VERITY_IDENTITY_PROVIDER_URL ${problem}`);
  const token = env.VERITY_IDENTITY_PROVIDER_TOKEN ?? '';
  // The token goes into a header: printable ASCII without spaces, so it cannot break the request.
  if (!/^[\x21-\x7e]+$/.test(token)) problems.push('VERITY_IDENTITY_PROVIDER_TOKEN is required when VERITY_IDENTITY_PROVIDER_URL is set (printable ASCII, no spaces)');
  const retryBaseMs = read.integer('VERITY_IDENTITY_PROVIDER_RETRY_BASE_MS', 2000, 100, 3_600_000);
  const retryMaxMs = read.integer('VERITY_IDENTITY_PROVIDER_RETRY_MAX_MS', 300_000, 100, 86_400_000);
  if (retryMaxMs < retryBaseMs) problems.push('VERITY_IDENTITY_PROVIDER_RETRY_MAX_MS must not be shorter than VERITY_IDENTITY_PROVIDER_RETRY_BASE_MS');
  return {
    url,
    token,
    timeoutMs: read.integer('VERITY_IDENTITY_PROVIDER_TIMEOUT_MS', 10_000, 100, 120_000),
    failureThreshold: read.integer('VERITY_IDENTITY_PROVIDER_BREAKER_FAILURES', 5, 1, 1000),
    cooldownMs: read.integer('VERITY_IDENTITY_PROVIDER_BREAKER_COOLDOWN_MS', 30_000, 100, 3_600_000),
    retryBaseMs,
    retryMaxMs,
  };
}

/**
 * What is wrong with the provider's URL, if anything. Identity data and the SSN travel in it, so
 * production mode takes plain http only to a loopback host: the operator's bridge on this machine.
 */
function identityProviderUrlProblem(value: string, mode: Mode): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an http(s) URL, got "${url.protocol}"`;
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (mode === 'production' && url.protocol === 'http:' && !loopback) return 'must be https in production mode (plain http only to a loopback bridge such as http://127.0.0.1:PORT)';
  return undefined;
}
