import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { personal } from '../support/api.js';
import { consoleClient } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Raw bytes to the server; resolves with what came back once the server closes the connection. */
function rawExchange(t: TestApp, steps: (socket: net.Socket) => Promise<void>): Promise<{ answer: string; closedBy: 'server' }> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the answer is fine
    socket.on('close', () => resolve({ answer, closedBy: 'server' }));
    socket.on('connect', () => steps(socket).catch(reject));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes a little every 200 ms until the socket is closed under it. */
async function dribble(socket: net.Socket, piece: string): Promise<void> {
  while (!socket.destroyed && socket.writable) {
    socket.write(piece);
    await pause(200);
  }
}

describe('limits', () => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await startTestApp('limits', {
      VERITY_HEADERS_TIMEOUT_SECONDS: '1',
      VERITY_REQUEST_TIMEOUT_SECONDS: '2',
      VERITY_TOKEN_RATE_LIMIT_PER_IP: '5',
    });
    token = await t.token();
  });
  after(() => t.close());

  it('drops a client that sends its headers a byte at a time (slow loris)', async () => {
    const { answer } = await rawExchange(t, async (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: verity\r\n');
      await dribble(socket, 'X');
    });
    assert.match(answer, /^$|^HTTP\/1\.1 408/);
  });

  it('answers 408 to a client that never finishes its body, and frees the connection', async () => {
    const { answer } = await rawExchange(t, async (socket) => {
      socket.write(`POST /v1/customers HTTP/1.1\r\nHost: verity\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":`);
      await dribble(socket, ' ');
    });
    assert.match(answer, /^$|^HTTP\/1\.1 408/);
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
  });

  it('refuses oversized headers with 431', async () => {
    const response = await request(`${t.url}/healthz`, { headers: { 'x-padding': 'x'.repeat(20_000) } }).catch((error: Error) => error);
    if (response instanceof Error) assert.fail(response.message);
    assert.equal(response.statusCode, 431);
    await response.body.dump();
  });

  it('refuses an oversized JSON body with 413 in the caller’s dialect, before reading it all', async () => {
    const huge = JSON.stringify({ ...personal(), comment: 'x'.repeat(2 * 1024 * 1024) });
    const native = await fetch(`${t.url}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: huge });
    assert.equal(native.status, 413);
    assert.equal(((await native.json()) as { code: string }).code, 'PayloadTooLarge');

    const dwolla = await fetch(`${t.url}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.dwolla.v1.hal+json', accept: 'application/vnd.dwolla.v1.hal+json' },
      body: huge,
    });
    assert.equal(dwolla.status, 413);
    assert.equal(typeof ((await dwolla.json()) as { code: unknown }).code, 'string');

    // Declares 1 GiB and sends a few bytes: the answer comes at once, not after a gigabyte.
    const { answer } = await rawExchange(t, async (socket) => {
      socket.write(`POST /v1/customers HTTP/1.1\r\nHost: verity\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${2 ** 30}\r\nConnection: close\r\n\r\n{"type":`);
    });
    assert.match(answer, /^HTTP\/1\.1 413/);
  });

  it('serves many connections at once', async () => {
    const agent = new Agent({ connections: 400, pipelining: 0 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 400 }, () => request(`${t.url}/healthz`, { dispatcher: agent }).then(async (r) => (await r.body.dump(), r.statusCode))),
      );
      assert.deepEqual(new Set(answers), new Set([200]));
    } finally {
      await agent.close();
    }
  });

  it('answers 429 with Retry-After past a rate limit (token endpoint, console sign-in)', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) {
      last = await fetch(`${t.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: t.tenant.key, client_secret: 'wrong' }),
      });
      await last.arrayBuffer();
    }
    assert.equal(last?.status, 429);
    assert.ok(Number(last?.headers.get('retry-after')) > 0);

    const browser = consoleClient(t);
    let answer;
    for (let i = 0; i < 25; i++) answer = await browser.signIn('nobody-here', 'wrong password value');
    assert.equal(answer?.status, 429);
    assert.ok(Number(answer?.headers.get('retry-after')) > 0);
  });
});
