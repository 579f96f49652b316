import path from 'node:path';
import { DWOLLA_RETRY_SCHEDULE_SECONDS, parseDurationList } from './domain/webhooks/retry-schedule.js';
import { createAddressCheck } from './adapters/webhook-sender/ssrf-guard.js';
import { parseTrustProxy, type TrustedProxies } from './kit/trusted-proxies.js';
import { type IdentityProviderConfig, type IntegerReader, parseIdentityProvider } from './config-identity-provider.js';

export type { IdentityProviderConfig, TrustedProxies };

/** How the server stores its data: the embedded SQLite file, or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres'; readonly url: string };

export type Mode = 'sandbox' | 'production';

export interface RateLimitConfig {
  /** Requests allowed per window; 0 turns the limit off. */
  readonly max: number;
  readonly windowSeconds: number;
}

/** Everything Verity reads from its environment, parsed and checked once. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly mode: Mode;
  /** Base of every absolute link Verity writes, without a trailing slash. */
  readonly publicUrl: string;
  /** 32 bytes, or undefined when it is to be read from (or generated into) the data dir. */
  readonly masterKey: Buffer | undefined;
  readonly logLevel: string;
  /** Which proxies in front may say who the client is (X-Forwarded-For); undefined: none, the peer is the client. */
  readonly trustProxy: TrustedProxies | undefined;
  readonly tokenTtlSeconds: number;
  /** Threads in libuv's pool (UV_THREADPOOL_SIZE, which Node reads itself); password hashing may use half. */
  readonly threadPoolSize: number;
  /** How far another node's clock may be off this one's when its tokens are checked (iat, nbf, exp). */
  readonly clockSkewSeconds: number;
  readonly tokenRateLimitPerIp: RateLimitConfig;
  readonly tokenRateLimitPerClient: RateLimitConfig;
  /** Four-eyes review: an approval or rejection needs a second, different operator to confirm. */
  readonly fourEyes: boolean;
  /** Hours between scheduled full rescreens of every customer (VERITY_SCREENING_RESCREEN_HOURS); 0: none. */
  readonly screeningRescreenHours: number;
  /**
   * Reading uploaded identity documents in the background (VERITY_DOCUMENT_READING: on, off, or
   * queue: documents are queued but this process reads none, a `verity worker` does;
   * VERITY_DOCUMENT_READING_TIMEOUT_SECONDS).
   */
  readonly documentReading: { readonly mode: 'on' | 'off' | 'queue'; readonly timeoutSeconds: number };
  /** One-time codes allowed per customer and per destination in any 24 hours (0: no cap). */
  readonly codeCaps: CodeCaps;
  /** Overrides of the automatic image checks' thresholds (the defaults are calibrated in code). */
  readonly imageChecks: Readonly<Partial<Record<ImageCheckSetting, number>>>;
  readonly webhooks: WebhookConfig;
  readonly notifications: NotificationConfig;
  /** Browser origins allowed to call the APIs (CORS); empty: CORS off. `*` allows any. */
  readonly corsOrigins: readonly string[];
  readonly limits: ConnectionLimits;
  /** The identity-data provider; undefined when VERITY_IDENTITY_PROVIDER_URL is unset. */
  readonly identityProvider: IdentityProviderConfig | undefined;
}


/** How long a client may take, and how many may connect, before the server lets go of it. */
export interface ConnectionLimits {
  /** From connecting to the end of the request headers (slow-header clients are dropped). */
  readonly headersTimeoutMs: number;
  /** From connecting to the end of the request body (slow-body clients get 408). */
  readonly requestTimeoutMs: number;
  /** Open connections at once; more are refused at the socket. */
  readonly maxConnections: number;
}

/** How many one-time codes may go out in any 24 hours; 0 turns a cap off. */
export interface CodeCaps {
  /** To one customer, over both channels and any destinations. */
  readonly perCustomer: number;
  /** To one email address or phone number, from one tenant, whichever customer it is for. */
  readonly perDestination: number;
}

/** Where one-time codes go. Unset in sandbox mode: written to the log; in production: not available. */
export interface NotificationConfig {
  /** smtp:// or smtps:// URL of the mail server (user and password in it). */
  readonly smtpUrl?: string;
  readonly emailFrom: string;
  /** An SMS gateway that takes POST {"to", "text"}. */
  readonly smsWebhookUrl?: string;
  readonly smsWebhookToken?: string;
}

/** Webhook subscriptions and their delivery. */
export interface WebhookConfig {
  /** Subscriptions a tenant may have. */
  readonly maxSubscriptions: number;
  /** Seconds between a failed attempt and the next, one entry per retry (Dwolla's by default). */
  readonly retrySchedule: readonly number[];
  readonly timeoutSeconds: number;
  /** The longest wait a receiver's Retry-After can ask for. */
  readonly retryAfterCapSeconds: number;
  /** Production mode accepts https subscription URLs only. */
  readonly httpsOnly: boolean;
  /** Sandbox mode lets webhooks reach this machine, so local receivers work. */
  readonly allowLoopback: boolean;
  /** Private networks (CIDR) webhooks may reach all the same. */
  readonly allowedNetworks: readonly string[];
  /** Whether `verity serve` also delivers (`verity worker` always does). */
  readonly dispatch: boolean;
  /** Deliveries in flight at once, per process. */
  readonly concurrency: number;
  /** How long a claimed delivery stays with its dispatcher before another may take it. */
  readonly leaseSeconds: number;
  /** How often an idle dispatcher looks for due deliveries (commits in this process wake it at once). */
  readonly pollMilliseconds: number;
  /** How long the previous secret keeps signing after a rotation. */
  readonly secretOverlapSeconds: number;
}

/** The image-check thresholds an operator may set, and the variables that set them. */
export const IMAGE_CHECK_VARIABLES = {
  minWidth: 'VERITY_IMAGE_MIN_WIDTH',
  minHeight: 'VERITY_IMAGE_MIN_HEIGHT',
  maxPixels: 'VERITY_IMAGE_MAX_PIXELS',
  minMeanBrightness: 'VERITY_IMAGE_MIN_BRIGHTNESS',
  maxMeanBrightness: 'VERITY_IMAGE_MAX_BRIGHTNESS',
  minContrast: 'VERITY_IMAGE_MIN_CONTRAST',
  minSharpness: 'VERITY_IMAGE_MIN_SHARPNESS',
} as const;
export type ImageCheckSetting = keyof typeof IMAGE_CHECK_VARIABLES;

/** Thrown when the environment holds bad values; lists every problem, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the configuration from environment variables; throws ConfigError listing all problems. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const port = read.integer('PORT', 8080, 0, 65535);
  const host = read.string('HOST', '127.0.0.1');
  const dataDir = path.resolve(read.string('VERITY_DATA_DIR', './data'));
  const mode = read.oneOf('VERITY_MODE', ['sandbox', 'production'] as const, 'sandbox');
  const database = parseDatabase(env.DATABASE_URL, dataDir, problems);
  const publicUrl = parsePublicUrl(env.VERITY_PUBLIC_URL, host, port, problems);
  const masterKey = parseMasterKey(env.VERITY_MASTER_KEY, mode, problems);
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const trustProxy = parseTrustProxy(env.VERITY_TRUST_PROXY, problems);
  const tokenTtlSeconds = read.integer('VERITY_TOKEN_TTL_SECONDS', 3600, 120, 86400);
  const clockSkewSeconds = read.integer('VERITY_CLOCK_SKEW_SECONDS', 30, 0, 300);
  const threadPoolSize = read.integer('UV_THREADPOOL_SIZE', 4, 1, 1024);
  if (clockSkewSeconds >= tokenTtlSeconds) problems.push('VERITY_CLOCK_SKEW_SECONDS must be shorter than VERITY_TOKEN_TTL_SECONDS');
  const window = read.integer('VERITY_TOKEN_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400);
  const perIp = read.integer('VERITY_TOKEN_RATE_LIMIT_PER_IP', 120, 0, 1_000_000);
  const perClient = read.integer('VERITY_TOKEN_RATE_LIMIT_PER_CLIENT', 60, 0, 1_000_000);
  const fourEyes = read.boolean('VERITY_FOUR_EYES', false);
  const screeningRescreenHours = read.integer('VERITY_SCREENING_RESCREEN_HOURS', 24, 0, 24 * 366);
  const documentReading = {
    mode: read.oneOf('VERITY_DOCUMENT_READING', ['on', 'off', 'queue'] as const, 'on'),
    timeoutSeconds: read.integer('VERITY_DOCUMENT_READING_TIMEOUT_SECONDS', 60, 1, 3600),
  };
  const codeCaps: CodeCaps = {
    perCustomer: read.integer('VERITY_CODES_PER_CUSTOMER_PER_DAY', 10, 0, 10_000),
    perDestination: read.integer('VERITY_CODES_PER_DESTINATION_PER_DAY', 5, 0, 10_000),
  };
  const imageChecks: Partial<Record<ImageCheckSetting, number>> = {};
  for (const [setting, variable] of Object.entries(IMAGE_CHECK_VARIABLES)) {
    if (env[variable] !== undefined && env[variable] !== '') imageChecks[setting as ImageCheckSetting] = read.integer(variable, 0, 0, 1_000_000_000);
  }

  const webhooks = parseWebhooks(read, env, mode, problems);
  const notifications = parseNotifications(read, env, problems);
  const corsOrigins = parseCorsOrigins(env.VERITY_CORS_ORIGINS, problems);
  const headersTimeoutSeconds = read.integer('VERITY_HEADERS_TIMEOUT_SECONDS', 10, 1, 600);
  const requestTimeoutSeconds = read.integer('VERITY_REQUEST_TIMEOUT_SECONDS', 60, 1, 3600);
  if (requestTimeoutSeconds < headersTimeoutSeconds) problems.push('VERITY_REQUEST_TIMEOUT_SECONDS must not be shorter than VERITY_HEADERS_TIMEOUT_SECONDS');
  const maxConnections = read.integer('VERITY_MAX_CONNECTIONS', 10_000, 1, 1_000_000);
  const identityProvider = parseIdentityProvider(read, env, mode, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host,
    dataDir,
    database,
    mode,
    publicUrl,
    masterKey,
    logLevel,
    trustProxy,
    tokenTtlSeconds,
    clockSkewSeconds,
    threadPoolSize,
    tokenRateLimitPerIp: { max: perIp, windowSeconds: window },
    tokenRateLimitPerClient: { max: perClient, windowSeconds: window },
    fourEyes,
    screeningRescreenHours,
    documentReading,
    codeCaps,
    imageChecks,
    webhooks,
    notifications,
    corsOrigins,
    limits: { headersTimeoutMs: headersTimeoutSeconds * 1000, requestTimeoutMs: requestTimeoutSeconds * 1000, maxConnections },
    identityProvider,
  });
}

/** Comma-separated origins (`https://app.example.com`), exactly as browsers send them, or `*`. */
function parseCorsOrigins(value: string | undefined, problems: string[]): string[] {
  const origins = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      problems.push(`VERITY_CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (scheme, host, optional port; no path)`);
    }
  }
  return origins;
}

function parseNotifications(read: Reader, env: NodeJS.ProcessEnv, problems: string[]): NotificationConfig {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const smsWebhookUrl = env.VERITY_SMS_WEBHOOK_URL || undefined;
  if (smsWebhookUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(smsWebhookUrl)) problems.push('VERITY_SMS_WEBHOOK_URL must be an http(s) URL');
  const emailFrom = read.string('VERITY_EMAIL_FROM', 'Verity <no-reply@localhost>');
  return {
    ...(smtpUrl && { smtpUrl }),
    emailFrom,
    ...(smsWebhookUrl && { smsWebhookUrl }),
    ...(env.VERITY_SMS_WEBHOOK_TOKEN && { smsWebhookToken: env.VERITY_SMS_WEBHOOK_TOKEN }),
  };
}

function parseWebhooks(read: Reader, env: NodeJS.ProcessEnv, mode: Mode, problems: string[]): WebhookConfig {
  let retrySchedule: readonly number[] = DWOLLA_RETRY_SCHEDULE_SECONDS;
  const schedule = env.VERITY_WEBHOOK_RETRY_SCHEDULE;
  if (schedule !== undefined && schedule.trim() !== '') {
    try {
      retrySchedule = parseDurationList(schedule);
    } catch (error) {
      problems.push(`VERITY_WEBHOOK_RETRY_SCHEDULE: ${(error as Error).message}`);
    }
  }
  const allowedNetworks = (env.VERITY_WEBHOOK_ALLOWED_NETWORKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  try {
    createAddressCheck({ allowLoopback: false, allowedNetworks });
  } catch (error) {
    problems.push(`VERITY_WEBHOOK_ALLOWED_NETWORKS: ${(error as Error).message}`);
  }
  const timeoutSeconds = read.integer('VERITY_WEBHOOK_TIMEOUT_SECONDS', 10, 1, 60);
  const leaseSeconds = read.integer('VERITY_WEBHOOK_LEASE_SECONDS', 60, 2, 3600);
  if (leaseSeconds <= timeoutSeconds) {
    problems.push(`VERITY_WEBHOOK_LEASE_SECONDS (${leaseSeconds}) must be longer than VERITY_WEBHOOK_TIMEOUT_SECONDS (${timeoutSeconds})`);
  }
  return {
    maxSubscriptions: read.integer('VERITY_WEBHOOK_MAX_SUBSCRIPTIONS', 10, 1, 1000),
    retrySchedule,
    timeoutSeconds,
    retryAfterCapSeconds: read.integer('VERITY_WEBHOOK_RETRY_AFTER_CAP_SECONDS', 21_600, 0, 604_800),
    httpsOnly: mode === 'production',
    allowLoopback: mode === 'sandbox',
    allowedNetworks,
    dispatch: read.boolean('VERITY_WEBHOOK_DISPATCH', true),
    concurrency: read.integer('VERITY_WEBHOOK_CONCURRENCY', 32, 1, 1000),
    leaseSeconds,
    pollMilliseconds: read.integer('VERITY_WEBHOOK_POLL_MS', 500, 10, 60_000),
    secretOverlapSeconds: read.integer('VERITY_WEBHOOK_SECRET_OVERLAP_SECONDS', 86_400, 0, 2_592_000),
  };
}

function parseDatabase(url: string | undefined, dataDir: string, problems: string[]): DatabaseConfig {
  if (url === undefined || url === '') return { engine: 'sqlite', path: path.join(dataDir, 'verity.db') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
      return { engine: 'postgres', url };
    } catch {
      problems.push('DATABASE_URL is not a valid URL');
    }
  } else {
    problems.push('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)');
  }
  return { engine: 'sqlite', path: path.join(dataDir, 'verity.db') };
}

function parsePublicUrl(value: string | undefined, host: string, port: number, problems: string[]): string {
  if (value === undefined || value === '') {
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  }
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return value.replace(/\/+$/, '');
  } catch {
    problems.push(`VERITY_PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
    return '';
  }
}

function parseMasterKey(value: string | undefined, mode: Mode, problems: string[]): Buffer | undefined {
  if (value === undefined || value === '') {
    if (mode === 'production') problems.push('VERITY_MASTER_KEY is required in production mode (32 bytes, base64)');
    return undefined;
  }
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    problems.push(`VERITY_MASTER_KEY must be 32 bytes encoded as base64 (got ${key.length} bytes)`);
    return undefined;
  }
  return key;
}

/** Small typed readers that record a problem instead of throwing, so all are reported together. */
class Reader implements IntegerReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false, got "${this.env[name]}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }
}
