import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Agent, request } from 'undici';
import { type AddressCheck, TargetRefusedError, checkUrl, guardedLookup, literalRefusal } from './ssrf-guard.js';

export interface SendResult {
  /** Any 2xx status. */
  readonly ok: boolean;
  readonly statusCode?: number;
  /** Lower-case names; several values of one header joined with ", ". */
  readonly headers: Record<string, string>;
  /** The first 4096 bytes of the response body as UTF-8; the rest is discarded unread. */
  readonly body: string;
  readonly durationMs: number;
  /** "timeout", "refused: <reason>" or "connection: <message>" when the exchange failed. */
  readonly error?: string;
  /** The target was refused (by the SSRF guard or as a malformed URL): nothing was sent. */
  readonly refused?: boolean;
  /** From Retry-After (delta-seconds, or an HTTP-date relative to now), when present and valid. */
  readonly retryAfterSeconds?: number;
}

export interface WebhookSenderOptions {
  /** Bounds the whole exchange: connecting, the response head and reading the kept part of the body. */
  readonly timeoutMs: number;
  readonly check: AddressCheck;
  /** Connections per origin; 16 unless given. */
  readonly connections?: number;
}

const BODY_LIMIT = 4096;

/**
 * Posts webhooks over a keep-alive connection pool. Redirects are never followed, every address
 * contacted passes `check` (IP literals here, host names in the DNS lookup) and `send` never
 * throws: every failure is a result.
 */
export class WebhookSender {
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #check: AddressCheck;

  constructor(options: WebhookSenderOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#check = options.check;
    this.#agent = new Agent({
      connections: options.connections ?? 16,
      pipelining: 1,
      connect: { lookup: guardedLookup(options.check), timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const failed = (error: string, partial: Partial<SendResult> = {}): SendResult => ({
      headers: {},
      body: '',
      ...partial,
      ok: false,
      durationMs: elapsedSince(started),
      error,
    });

    const refused = (reason: string): SendResult => failed(`refused: ${reason}`, { refused: true });
    let refusal: string | undefined;
    try {
      refusal = this.#refusal(url);
    } catch (error) {
      return refused(messageOf(error));
    }
    if (refusal !== undefined) return refused(refusal);

    const signal = AbortSignal.timeout(this.#timeoutMs);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        dispatcher: this.#agent,
        method: 'POST',
        headers,
        body,
        signal,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
    } catch (error) {
      const guarded = signal.aborted ? undefined : refusalIn(error);
      return guarded === undefined ? failed(describeFailure(error, signal)) : refused(guarded.reason);
    }

    const { statusCode } = response;
    const responseHeaders = flattenHeaders(response.headers);
    const retryAfterSeconds = parseRetryAfter(response.headers['retry-after'], Date.now());
    const head = { statusCode, headers: responseHeaders, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
    const chunks: Buffer[] = [];
    try {
      await readPrefix(response.body, chunks);
    } catch (error) {
      return failed(describeFailure(error, signal), { ...head, body: decodePrefix(chunks) });
    }
    return { ...head, ok: statusCode >= 200 && statusCode < 300, body: decodePrefix(chunks), durationMs: elapsedSince(started) };
  }

  /** Waits for requests under way, then closes every connection. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** Why `url` may not be contacted before any connection is made; host names are judged in the lookup. */
  #refusal(url: string): string | undefined {
    return checkUrl(url, { httpsOnly: false }) ?? literalRefusal(url, this.#check)?.reason;
  }
}

/** Reads until BODY_LIMIT bytes are in `chunks` or the body ends; stopping early destroys the body. */
async function readPrefix(body: Readable, chunks: Buffer[]): Promise<void> {
  // Destroying the body early makes it emit an error nobody else listens for.
  body.on('error', () => {});
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= BODY_LIMIT) break; // leaving the loop destroys the stream and its connection
  }
}

/** UTF-8 text of the first BODY_LIMIT bytes, leaving out a character cut in half at the limit. */
function decodePrefix(chunks: Buffer[]): string {
  return new StringDecoder('utf8').write(Buffer.concat(chunks).subarray(0, BODY_LIMIT));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The guard's refusal behind a failed request: in its cause chain, or in the first of several attempts (happy eyeballs). */
function refusalIn(error: unknown): TargetRefusedError | undefined {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof TargetRefusedError) return cause;
  }
  return error instanceof AggregateError && error.errors.length > 0 ? refusalIn(error.errors[0]) : undefined;
}

function describeFailure(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timeout';
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (TIMEOUT_CODES.has(String((cause as NodeJS.ErrnoException).code))) return 'timeout';
  }
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeFailure(error.errors[0], signal);
  }
  return `connection: ${messageOf(error)}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.trim() || String((error as NodeJS.ErrnoException).code ?? error.name);
  return String(error);
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const DAY_NAME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})';
/** The three HTTP-date forms (RFC 9110, section 5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime. */
const HTTP_DATES = [
  new RegExp(`^${DAY}, (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
  new RegExp(`^${DAY_NAME}, (?<day>\\d{2})-${MONTH}-(?<year>\\d{2}) ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`),
];

/** Seconds to wait from a Retry-After value; undefined when absent, repeated or malformed. */
function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseHttpDate(text: string, now: number): number | undefined {
  const fields = HTTP_DATES.map((pattern) => pattern.exec(text)?.groups).find((groups) => groups !== undefined);
  if (fields === undefined) return undefined;
  const [day, hour, minute, second] = [fields.day, fields.hour, fields.minute, fields.second].map(Number) as [number, number, number, number];
  let year = Number(fields.year);
  if (fields.year?.length === 2) {
    // RFC 850's two-digit year: one more than 50 years ahead means the previous century.
    year += 2000;
    if (year > new Date(now).getUTCFullYear() + 50) year -= 100;
  }
  if (day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const time = Date.UTC(year, MONTHS.indexOf(fields.month ?? ''), day, hour, minute, second);
  // Date.UTC rolls 31 February over into March: such a date is not valid.
  return new Date(time).getUTCDate() === day ? time : undefined;
}
