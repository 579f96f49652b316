import { hostname } from 'node:os';
import pino, { type DestinationStream } from 'pino';

/** pino's number for the info level, so access lines read like every other log line. */
const INFO = 30;

/**
 * One JSON line per answered request: request id, method, path (never the query string),
 * status and milliseconds. Written by hand into a buffered destination (4 KiB writes, flushed at
 * exit) because formatting and writing it through a general logger costs about as much as
 * serving a small request. The fields are all known and safe, so no redaction pass is needed.
 */
export class AccessLog {
  readonly #prefix = `{"level":${INFO},"time":`;
  readonly #origin = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;

  constructor(private readonly destination: DestinationStream = pino.destination({ dest: 1, sync: false, minLength: 4096 })) {}

  write(requestId: string, method: string, path: string, status: number, ms: number): void {
    this.destination.write(
      `${this.#prefix}${Date.now()}${this.#origin},"reqId":${JSON.stringify(requestId)},"method":"${method}",` +
        `"path":${JSON.stringify(path)},"status":${status},"ms":${ms},"msg":"request"}\n`,
    );
  }
}
