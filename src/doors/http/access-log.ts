import { hostname } from 'node:os';
import pino from 'pino';

/** pino's number for the info level, so access lines read like every other log line. */
const INFO = 30;

export interface AccessLogBatching {
  /** Lines are handed to the destination together once they hold this many characters (0: at once). */
  readonly chars: number;
  /** ...or once the oldest waiting line is this old. */
  readonly maxDelayMs: number;
}

/** Stdout gets one write per 16 KiB of lines (about 80 requests) or per quarter second. */
export const STDOUT_BATCHING: AccessLogBatching = { chars: 16 * 1024, maxDelayMs: 250 };

/**
 * One JSON line per answered request: request id, method, path (never the query string),
 * status and milliseconds. Formatted by hand because formatting and writing it through a general
 * logger costs about as much as serving a small request; the fields are all known and safe, so no
 * redaction pass is needed.
 *
 * Lines are batched here, not in the destination: a buffering destination (pino's, with
 * `minLength`) measures its whole growing buffer again on every write, which under load cost more
 * than a fifth of a small route's throughput. Appending to a string and handing over one Buffer
 * per batch costs next to nothing. The price is that a line reaches stdout up to `maxDelayMs`
 * late, and a `kill -9` loses at most that much of the access log (never the application log,
 * which writes at once); every other exit writes what is waiting.
 */
export class AccessLog {
  readonly #prefix = `{"level":${INFO},"time":`;
  readonly #origin = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  #waiting = '';
  #timer: NodeJS.Timeout | undefined;
  readonly #flushAtExit = () => this.flush({ sync: true });

  constructor(
    private readonly destination: AccessLogDestination = stdoutTakingBytes(),
    private readonly batching: AccessLogBatching = STDOUT_BATCHING,
  ) {
    if (batching.chars > 0) process.once('exit', this.#flushAtExit);
  }

  write(requestId: string, method: string, path: string, status: number, ms: number): void {
    const line =
      `${this.#prefix}${Date.now()}${this.#origin},"reqId":${quoted(requestId)},"method":"${method}",` +
      `"path":${quoted(path)},"status":${status},"ms":${ms},"msg":"request"}\n`;
    if (this.batching.chars <= 0) {
      this.destination.write(line);
      return;
    }
    this.#waiting += line;
    if (this.#waiting.length >= this.batching.chars) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.batching.maxDelayMs).unref();
  }

  /** Hands the waiting lines to the destination, as one Buffer; `sync` also makes it write them before returning. */
  flush(options: { sync?: boolean } = {}): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#waiting !== '') {
      this.destination.write(Buffer.from(this.#waiting));
      this.#waiting = '';
    }
    if (options.sync) flushSyncQuietly(this.destination);
  }

  /** Writes what is waiting and stops watching for the process's exit. */
  close(): void {
    this.flush({ sync: true });
    process.removeListener('exit', this.#flushAtExit);
  }
}

/** Where access lines go: each line as text when unbatched, each batch as bytes. */
export interface AccessLogDestination {
  write(chunk: string | Buffer): unknown;
}

/**
 * Stdout, handed bytes rather than text: given text, the destination measures its UTF-8 length
 * before it encodes it, two passes over every batch where one does.
 */
function stdoutTakingBytes(): AccessLogDestination {
  return pino.destination({ dest: 1, sync: false, contentMode: 'buffer' }) as unknown as AccessLogDestination;
}

/** Text that needs no escaping in JSON: what request ids and nearly all paths are made of. */
const PLAIN = /^[\w.:/-]*$/;

/** `text` as a JSON string; the common plain case without JSON.stringify, which costs several times the check. */
function quoted(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** Best effort: at exit there is no one left to tell that stdout has gone away. */
function flushSyncQuietly(destination: AccessLogDestination): void {
  const flushSync = (destination as { flushSync?: () => void }).flushSync;
  if (typeof flushSync !== 'function') return;
  try {
    flushSync.call(destination);
  } catch {
    // Not open yet, or closed: nothing more can be written.
  }
}
