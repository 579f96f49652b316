import fs from 'node:fs';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';
import { freePort } from '../../support/test-app.js';

/** What one request came to: an answer, or nothing (the connection died). */
export type Reply =
  | { readonly answered: true; readonly status: number; readonly headers: Headers; readonly body: unknown; readonly bytes: Buffer }
  | {
      readonly answered: false;
      readonly error: string;
      /** True when the server was not being killed: a live server dropped the request. */
      readonly unexpected: boolean;
    };

export interface RequestOptions {
  readonly token?: string;
  readonly json?: unknown;
  /** A raw body (multipart, streamed) with its content type. */
  readonly body?: { readonly contentType: string; readonly content: Uint8Array | AsyncIterable<Uint8Array> };
  readonly headers?: Readonly<Record<string, string>>;
}

/** One SIGKILL and the restart after it, as the server reported it. */
export interface Restart {
  /** Temp files in the blob store right after the kill: uploads cut short. */
  readonly partialUploadsLeft: number;
  /** What the restarted server said it removed ("Removed N partial upload(s)"). */
  readonly partialUploadsRemoved: number;
  /** Temp files still there once it listened again. */
  readonly partialUploadsRemaining: number;
}

interface Gate {
  readonly open: Promise<void>;
  readonly release: () => void;
}

function gate(): Gate {
  let release!: () => void;
  const open = new Promise<void>((resolve) => (release = resolve));
  return { open, release };
}

/**
 * `verity serve` on one data directory and database, on a fixed port, that the test kills with
 * SIGKILL and starts again. Requests wait while it is down, go through a connection pool of the
 * running process only (so none is sent down a dead socket of the previous one), and are told
 * apart: answered, lost because of a kill, or lost by a live server (a fault).
 */
export class CrashableServer {
  readonly restarts: Restart[] = [];
  /** Every answer with a 5xx status, whenever it came. */
  readonly serverErrors: string[] = [];
  /** Requests a live server dropped without answering. */
  readonly dropped: string[] = [];
  /** The output of every process so far, oldest first. */
  readonly outputs: string[] = [];
  #process: ServerProcess | undefined;
  #agent: Agent | undefined;
  #up: Gate = gate();
  #down = true;
  #generation = 0;
  answered = 0;

  private constructor(
    private readonly dataDir: string,
    private readonly databaseUrl: string,
    private readonly env: Record<string, string>,
    private readonly port: number,
  ) {}

  static async create(options: { dataDir: string; databaseUrl: string; env: Record<string, string> }): Promise<CrashableServer> {
    return new CrashableServer(options.dataDir, options.databaseUrl, options.env, await freePort());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The output of the running (or last) process. */
  output(): string {
    return this.#process?.output() ?? '';
  }

  async start(): Promise<void> {
    this.#process = await startServerProcess({ dataDir: this.dataDir, databaseUrl: this.databaseUrl, env: this.env, port: this.port });
    this.#agent = new Agent({ connections: 16, headersTimeout: 30_000, bodyTimeout: 30_000 });
    this.#generation += 1;
    this.#down = false;
    this.#up.release();
  }

  /** SIGKILL now, whatever is in flight; then start again on the same data. */
  async killAndRestart(): Promise<Restart> {
    const killed = this.#process;
    if (!killed || this.#down) throw new Error('the server is not running');
    this.#down = true;
    this.#up = gate();
    await killed.stop('SIGKILL');
    this.outputs.push(killed.output());
    await this.#agent?.destroy().catch(() => undefined);
    const partialUploadsLeft = this.#tempFiles().length;
    await this.start();
    const removed = /Removed (\d+) partial upload/.exec(this.output());
    const restart = { partialUploadsLeft, partialUploadsRemoved: Number(removed?.[1] ?? 0), partialUploadsRemaining: this.#tempFiles().length };
    this.restarts.push(restart);
    return restart;
  }

  /** A graceful stop (SIGTERM) at the end of the test. */
  async stop(): Promise<void> {
    this.#down = true;
    await this.#process?.stop('SIGTERM');
    if (this.#process) this.outputs.push(this.#process.output());
    this.#process = undefined;
    await this.#agent?.close().catch(() => undefined);
  }

  /** Waits while the server is down, then sends the request to the running process. */
  async request(method: string, urlPath: string, options: RequestOptions = {}): Promise<Reply> {
    await this.#up.open;
    const generation = this.#generation;
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: Uint8Array | AsyncIterable<Uint8Array> | string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['content-type'] = options.body.contentType;
      body = options.body.content;
    }
    try {
      const response = await fetch(`${this.url}${urlPath}`, {
        method,
        headers,
        ...(body !== undefined && { body, duplex: 'half' as const }),
        dispatcher: this.#agent,
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      this.answered += 1;
      const type = response.headers.get('content-type') ?? '';
      const parsed: unknown = type.includes('json') && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8');
      if (response.status >= 500) this.serverErrors.push(`${method} ${urlPath} → ${response.status} ${bytes.toString('utf8').slice(0, 500)}`);
      return { answered: true, status: response.status, headers: response.headers as unknown as Headers, body: parsed, bytes };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      const message = `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
      // A kill closes every connection of the process it ends; only then may a request go unanswered.
      const unexpected = !this.#down && this.#generation === generation;
      if (unexpected) this.dropped.push(`${method} ${urlPath}: ${message}`);
      return { answered: false, error: message, unexpected };
    }
  }

  #tempFiles(): string[] {
    const blobs = path.join(this.dataDir, 'blobs');
    if (!fs.existsSync(blobs)) return [];
    return (fs.readdirSync(blobs, { recursive: true }) as string[]).filter((name) => path.basename(name).startsWith('.') && name.endsWith('.tmp'));
  }
}
