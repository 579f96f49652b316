import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { compose, type Verity } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { buildApp } from '../../src/doors/http/app.js';
import { migrateToLatest } from '../../src/store/migrator.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current = Date.now()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly verity: Verity;
  readonly db: TestDatabase;
  readonly clock: TestClock;
  /** Base URL of the listening server (real HTTP). */
  readonly url: string;
  /** A tenant made for this test app, with its plain secret. */
  readonly tenant: { id: string; key: string; secret: string };
  /** A fresh access token for the test tenant. */
  token(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Verity on a fresh database, listening on a random loopback port, with one tenant.
 * `env` overrides configuration variables.
 */
export async function startTestApp(label: string, env: Record<string, string> = {}, options: { logDestination?: DestinationStream } = {}): Promise<TestApp> {
  const db = await createTestDatabase(label);
  const captureDir = options.logDestination ? undefined : process.env.VERITY_TEST_LOG_DIR;
  const port = await freePort();
  const config = loadConfig({
    VERITY_DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    PORT: String(port),
    LOG_LEVEL: captureDir ? 'debug' : 'silent',
    ...env,
  });
  const clock = new TestClock();
  // Unexpected dispatcher failures show up in the test output.
  const verity = compose(config, { clock, log: (message, error) => console.error(message, error) });
  await migrateToLatest(verity.store.db);
  const logDestination = options.logDestination ?? (captureDir ? capturedLog(captureDir) : undefined);
  const app = await buildApp(verity, { ...(logDestination && { logDestination }) });
  await app.listen({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${port}`;
  const created = await verity.tenants.create({ name: `${label} tenant` });
  const tenant = { id: created.tenant.id, key: created.tenant.key, secret: created.secret };
  return {
    app,
    verity,
    db,
    clock,
    url,
    tenant,
    async token() {
      const issued = await verity.authenticator.issueToken(tenant.key, tenant.secret);
      return issued.accessToken;
    },
    async close() {
      await app.close();
      await verity.close();
      await db.drop();
    },
  };
}

/** A log destination that keeps every line written to it, for tests that read the log. */
export function collectedLog(): { destination: Writable; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { destination, lines };
}

let capture: fs.WriteStream | undefined;
/**
 * One log file per test process in the run's log folder, searched afterwards for anything
 * sensitive (scripts/scan-test-logs.mjs). Written synchronously enough for the scan: the file is
 * appended as lines arrive and the process ends before the scan starts.
 */
function capturedLog(dir: string): fs.WriteStream {
  capture ??= fs.createWriteStream(path.join(dir, `${process.pid}.log`), { flags: 'a' });
  return capture;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function basicAuth(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}
