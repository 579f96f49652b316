import { Agent, request } from 'undici';
import { DeliveryFailedError, type SmsMessage, type SmsSender } from './notifier.js';

export interface HttpSmsSenderOptions {
  /** The gateway endpoint (http: or https:) that takes `{"to": "+359…", "text": "…"}` as a JSON POST. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Bounds the whole exchange: connecting, sending and the response; 10000 unless given. */
  readonly timeoutMs?: number;
}

/**
 * Posts each text message as JSON to an HTTP gateway. Any 2xx answer means accepted; redirects
 * are never followed.
 */
export class HttpSmsSender implements SmsSender {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #agent: Agent;

  constructor(options: HttpSmsSenderOptions) {
    const { protocol } = new URL(options.url);
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error('The SMS gateway URL must be http: or https:');
    this.#url = options.url;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#headers = {
      'content-type': 'application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    };
    this.#agent = new Agent({
      connect: { timeout: this.#timeoutMs },
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
  }

  async send(message: SmsMessage): Promise<void> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let statusCode: number;
    try {
      const response = await request(this.#url, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: this.#headers,
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal,
      });
      statusCode = response.statusCode;
      // The answer is not needed; reading it to the end lets the connection be reused. The status
      // decides, so a body cut short does not undo an accepted message.
      await response.body.dump().catch(() => {});
    } catch (error) {
      throw new DeliveryFailedError(`SMS could not be sent: ${signal.aborted ? `no answer within ${this.#timeoutMs} ms` : describeFailure(error)}`);
    }
    if (statusCode < 200 || statusCode > 299) throw new DeliveryFailedError(`SMS could not be sent: the gateway answered HTTP ${statusCode}`);
  }

  /** Waits for requests under way, then closes every connection. */
  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/**
 * Writes each message to `log` instead of sending it, text included, so that a developer without
 * an SMS gateway can read the codes.
 */
export class LogSmsSender implements SmsSender {
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  async send(message: SmsMessage): Promise<void> {
    this.#log(`SMS to ${JSON.stringify(message.to)}: ${JSON.stringify(message.text)}`);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** A network failure by its error code; never the URL, which may carry a key in its query. */
function describeFailure(error: unknown): string {
  // Connecting to a host with several addresses fails with one error per address.
  const first: unknown = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  for (let cause: unknown = first, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const { code } = cause as NodeJS.ErrnoException;
    if (TIMEOUT_CODES.has(String(code))) return `no answer within the timeout (${String(code)})`;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return `connection failed (${code})`;
  }
  return 'connection failed';
}
