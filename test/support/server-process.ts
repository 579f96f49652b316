import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './test-app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `verity serve` (or another command) as a real child process. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(options: {
  dataDir: string;
  databaseUrl: string;
  env?: Record<string, string>;
  port?: number;
  /** `serve` (the default) or `worker`. */
  command?: 'serve' | 'worker';
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const command = options.command ?? 'serve';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), command], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(port), VERITY_DATA_DIR: options.dataDir, DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 60_000; // generous: a loaded CI machine compiles the sources on the fly
  const ready = command === 'serve' ? 'listening on' : 'delivering webhooks';
  while (!output.includes(ready)) {
    if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The sandbox tenant's access token from a server's first-start output. */
export async function sandboxToken(server: ServerProcess): Promise<string> {
  const key = /key:\s+(\S+)/.exec(server.output())?.[1];
  const secret = /secret:\s+(\S+)/.exec(server.output())?.[1];
  if (!key || !secret) throw new Error(`no sandbox credentials in:\n${server.output()}`);
  const response = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
