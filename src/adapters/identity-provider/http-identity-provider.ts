import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Agent, request } from 'undici';
import type {
  IdentityProvider,
  ProviderExchange,
  ProviderFailure,
  ProviderOutcome,
  ProviderRequest,
} from '../../domain/verification/identity-provider.js';
import type { CircuitBreaker } from '../../kit/circuit-breaker.js';
import { hideSsn, parseAnswer, recordedRequest, requestBody } from './wire.js';

export interface HttpIdentityProviderOptions {
  /** Where the provider (or the operator's bridge to it) takes POST requests. */
  readonly url: string;
  /** Sent as a bearer token. */
  readonly token: string;
  /** Bounds the whole exchange: connecting, the answer's head and reading its body. */
  readonly timeoutMs: number;
  readonly breaker: CircuitBreaker;
  /** The clock for the exchange's `at`. */
  readonly now?: () => Date;
}

/** More of an answer than this is never read: no well-formed answer comes near it. */
const ANSWER_LIMIT = 64 * 1024;
/** How much of an answer that is not JSON the exchange keeps. */
const TEXT_KEPT = 1024;

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/**
 * The identity-data provider over HTTP (the wire contract is in the README). `check` never throws
 * and never follows a redirect; a failing provider opens the circuit breaker, and while it is open
 * nothing is sent.
 */
export class HttpIdentityProvider implements IdentityProvider {
  readonly #options: HttpIdentityProviderOptions;
  readonly #agent: Agent;
  readonly #now: () => Date;

  constructor(options: HttpIdentityProviderOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async check(providerRequest: ProviderRequest): Promise<ProviderOutcome> {
    const at = this.#now().toISOString();
    const body = requestBody(providerRequest);
    const recorded = recordedRequest(body);
    const breaker = this.#options.breaker;
    if (!breaker.allow()) {
      const until = breaker.cooldownEndsAt();
      const detail = `circuit open after repeated failures${until === undefined ? '' : ` until ${new Date(until).toISOString()}`}; nothing was sent`;
      return { ok: false, failure: 'circuit_open', exchange: { at, durationMs: 0, request: recorded, failure: 'circuit_open', detail } };
    }

    const outcome = await this.#exchange(body, at, recorded, providerRequest.customer.ssn);
    if (outcome.ok) breaker.recordSuccess();
    else breaker.recordFailure();
    return outcome;
  }

  /** Waits for checks under way, then closes every connection. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #exchange(body: ReturnType<typeof requestBody>, at: string, recorded: unknown, ssn: string | undefined): Promise<ProviderOutcome> {
    const started = performance.now();
    const exchange = (partial: Partial<ProviderExchange>): ProviderExchange =>
      hideSsn({ at, durationMs: Math.round(performance.now() - started), request: recorded, ...partial }, ssn);
    const failed = (failure: ProviderFailure, detail: string, partial: Partial<ProviderExchange> = {}): ProviderOutcome => ({
      ok: false,
      failure,
      exchange: exchange({ ...partial, failure, detail }),
    });

    const { timeoutMs, url, token } = this.#options;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'idempotency-key': body.reference,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      return isTimeout(error, signal) ? failed('timeout', timeoutDetail(timeoutMs)) : failed('unreachable', describe(error));
    }

    const { statusCode } = response;
    let read: { text: string; complete: boolean };
    try {
      read = await readAnswer(response.body);
    } catch (error) {
      const failure = isTimeout(error, signal) ? 'timeout' : 'unreachable';
      return failed(failure, failure === 'timeout' ? timeoutDetail(timeoutMs) : describe(error), { statusCode });
    }

    const json = read.complete ? parseJson(read.text) : undefined;
    // The SSN is hidden before the text is cut, so no part of it is left at the cut.
    const answer = json === undefined ? hideSsn(read.text, ssn).slice(0, TEXT_KEPT) : json.value;
    if (statusCode < 200 || statusCode > 299) return failed('http_status', `the provider answered HTTP ${statusCode}`, { statusCode, answer });
    if (!read.complete) return failed('malformed', `the answer is longer than ${ANSWER_LIMIT} bytes`, { statusCode, answer });
    if (json === undefined) return failed('malformed', 'the answer is not JSON', { statusCode, answer });
    const parsed = parseAnswer(json.value);
    if ('problem' in parsed) return failed('malformed', parsed.problem, { statusCode, answer });
    return { ok: true, answer: hideSsn(parsed, ssn), exchange: exchange({ statusCode, answer }) };
  }
}

/** The answer's first ANSWER_LIMIT bytes as UTF-8; `complete` when that was all of it. */
async function readAnswer(body: Readable): Promise<{ text: string; complete: boolean }> {
  // Leaving the loop early destroys the body, which then emits an error nobody else listens for.
  body.on('error', () => {});
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > ANSWER_LIMIT) break;
  }
  const text = new StringDecoder('utf8').write(Buffer.concat(chunks).subarray(0, ANSWER_LIMIT));
  return { text, complete: size <= ANSWER_LIMIT };
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (TIMEOUT_CODES.has(String((cause as NodeJS.ErrnoException).code))) return true;
  }
  return error instanceof AggregateError && error.errors.some((inner) => isTimeout(inner, signal));
}

function timeoutDetail(timeoutMs: number): string {
  return `no complete answer within ${timeoutMs} ms`;
}

/** "connection: <code>: <message>" of the deepest known cause: refused, reset, a failed DNS lookup. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const parts: string[] = [];
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    const text = [code, cause.message.trim()].filter(Boolean).join(': ');
    if (text && !parts.includes(text)) parts.push(text);
  }
  return `connection: ${parts.join('; ') || String(error)}`;
}
