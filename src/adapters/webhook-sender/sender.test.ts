import assert from 'node:assert/strict';
import { type IncomingMessage, type RequestListener, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TestContext, test } from 'node:test';
import { type SendResult, WebhookSender } from './sender.js';
import { type SsrfPolicy, createAddressCheck } from './ssrf-guard.js';

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly remotePort: number | undefined;
}

/** A real HTTP server on 127.0.0.1, closed (with its connections) when the test ends. */
async function serve(t: TestContext, respond: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ port: number; received: Received[]; closed: Promise<void>[] }> {
  const received: Received[] = [];
  const closed: Promise<void>[] = [];
  const handler: RequestListener = (request, response) => {
    closed.push(new Promise((resolve) => request.socket.once('close', () => resolve())));
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        remotePort: request.socket.remotePort,
      });
      respond(request, response);
    });
  };
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, received, closed };
}

function sender(t: TestContext, policy: Partial<SsrfPolicy> = {}, timeoutMs = 2000): WebhookSender {
  const created = new WebhookSender({ timeoutMs, check: createAddressCheck({ allowLoopback: true, allowedNetworks: [], ...policy }) });
  t.after(() => created.close());
  return created;
}

const json = { 'content-type': 'application/json' };

test('posts the body and headers, and a 2xx answer is ok', async (t) => {
  const server = await serve(t, (_request, response) => {
    response.setHeader('Set-Cookie', ['a=1', 'b=2']);
    response.setHeader('X-Request-Id', 'abc');
    response.end('thanks');
  });
  const result = await sender(t).send(`http://127.0.0.1:${server.port}/hook?x=1`, { ...json, 'webhook-id': 'msg_1' }, '{"type":"ping"}');
  assert.equal(result.ok, true);
  assert.equal(result.statusCode, 200);
  assert.equal(result.body, 'thanks');
  assert.equal(result.error, undefined);
  assert.equal(result.retryAfterSeconds, undefined);
  assert.equal(result.headers['set-cookie'], 'a=1, b=2');
  assert.equal(result.headers['x-request-id'], 'abc');
  assert.ok(result.durationMs >= 0 && result.durationMs < 2000);
  assert.deepEqual(
    server.received.map(({ method, url, body }) => ({ method, url, body })),
    [{ method: 'POST', url: '/hook?x=1', body: '{"type":"ping"}' }],
  );
  assert.equal(server.received[0]?.headers['webhook-id'], 'msg_1');
  assert.equal(server.received[0]?.headers['content-type'], 'application/json');
});

test('any 2xx is ok, anything else is not', async (t) => {
  const server = await serve(t, (request, response) => {
    response.statusCode = Number(request.url?.slice(1));
    response.end(response.statusCode === 204 ? undefined : 'oops');
  });
  const webhooks = sender(t);
  const send = (status: number): Promise<SendResult> => webhooks.send(`http://127.0.0.1:${server.port}/${status}`, json, '{}');
  assert.equal((await send(204)).ok, true);
  assert.equal((await send(299)).ok, true);
  const failed = await send(500);
  assert.equal(failed.ok, false);
  assert.equal(failed.statusCode, 500);
  assert.equal(failed.body, 'oops');
  assert.equal(failed.error, undefined, 'an error status is a response, not a failed exchange');
  assert.equal((await send(404)).ok, false);
});

test('keeps the connection alive between webhooks', async (t) => {
  const server = await serve(t, (_request, response) => response.end('ok'));
  const webhooks = sender(t);
  for (let i = 0; i < 6; i++) assert.equal((await webhooks.send(`http://127.0.0.1:${server.port}/`, json, '{}')).ok, true);
  // The pool may open a second connection while the first finishes its response, but no more.
  assert.ok(new Set(server.received.map((request) => request.remotePort)).size <= 2);
});

test('redirects are not followed', async (t) => {
  const target = await serve(t, (_request, response) => response.end('should not be reached'));
  const redirecting = await serve(t, (_request, response) => {
    response.writeHead(302, { location: `http://127.0.0.1:${target.port}/elsewhere` }).end();
  });
  const result = await sender(t).send(`http://127.0.0.1:${redirecting.port}/`, json, '{}');
  assert.equal(result.ok, false);
  assert.equal(result.statusCode, 302);
  assert.equal(result.headers.location, `http://127.0.0.1:${target.port}/elsewhere`);
  assert.equal(redirecting.received.length, 1);
  assert.equal(target.received.length, 0);
});

test('a server that never answers times out within the time limit', async (t) => {
  const server = await serve(t, () => {});
  const started = Date.now();
  const result = await sender(t, {}, 300).send(`http://127.0.0.1:${server.port}/`, json, '{}');
  const elapsed = Date.now() - started;
  assert.equal(result.ok, false);
  assert.equal(result.error, 'timeout');
  assert.equal(result.statusCode, undefined);
  assert.ok(elapsed >= 250 && elapsed < 1000, `took ${elapsed} ms`);
  assert.equal(server.received.length, 1);
});

test('a body that stalls counts against the same time limit', async (t) => {
  const server = await serve(t, (_request, response) => {
    response.writeHead(200);
    response.write('partial');
  });
  const started = Date.now();
  const result = await sender(t, {}, 300).send(`http://127.0.0.1:${server.port}/`, json, '{}');
  assert.ok(Date.now() - started < 1000);
  assert.equal(result.ok, false);
  assert.equal(result.error, 'timeout');
  assert.equal(result.statusCode, 200);
  assert.equal(result.body, 'partial');
});

test('keeps only the first 4096 bytes of a huge body', async (t) => {
  const server = await serve(t, (_request, response) => response.end(Buffer.alloc(1024 * 1024, 'a')));
  const result = await sender(t).send(`http://127.0.0.1:${server.port}/`, json, '{}');
  assert.equal(result.ok, true);
  assert.equal(result.body.length, 4096);
  assert.equal(result.body, 'a'.repeat(4096));
});

test('an endless body is cut off and its connection closed', async (t) => {
  const server = await serve(t, (_request, response) => {
    response.writeHead(200);
    const chunk = Buffer.alloc(1024, 'z');
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
  });
  const result = await sender(t, {}, 2000).send(`http://127.0.0.1:${server.port}/`, json, '{}');
  assert.equal(result.ok, true);
  assert.equal(result.body, 'z'.repeat(4096));
  assert.ok(result.durationMs < 1000);
  await Promise.all(server.closed); // the connection is not kept for reuse
});

test('a character cut at the 4096-byte limit is left out, not garbled', async (t) => {
  const server = await serve(t, (_request, response) => response.end('a'.repeat(4095) + 'é and more'));
  const result = await sender(t).send(`http://127.0.0.1:${server.port}/`, json, '{}');
  assert.equal(result.body, 'a'.repeat(4095));
});

test('reads Retry-After as seconds or as an HTTP-date', async (t) => {
  let retryAfter: string | undefined;
  const server = await serve(t, (_request, response) => {
    if (retryAfter !== undefined) response.setHeader('Retry-After', retryAfter);
    response.writeHead(503).end();
  });
  const webhooks = sender(t);
  const retryAfterFor = async (value: string | undefined): Promise<number | undefined> => {
    retryAfter = value;
    const result = await webhooks.send(`http://127.0.0.1:${server.port}/`, json, '{}');
    assert.equal(result.statusCode, 503);
    return result.retryAfterSeconds;
  };
  assert.equal(await retryAfterFor('120'), 120);
  assert.equal(await retryAfterFor('0'), 0);
  assert.equal(await retryAfterFor(undefined), undefined);
  const inTwoMinutes = new Date(Date.now() + 120_000);
  const fromDate = await retryAfterFor(inTwoMinutes.toUTCString());
  assert.ok(fromDate !== undefined && fromDate >= 118 && fromDate <= 120, `got ${fromDate}`);
  assert.equal(await retryAfterFor('Sun, 06 Nov 1994 08:49:37 GMT'), 0, 'a date in the past means now');
  assert.equal(await retryAfterFor('Sunday, 06-Nov-94 08:49:37 GMT'), 0, 'RFC 850 form');
  assert.equal(await retryAfterFor('Sun Nov  6 08:49:37 1994'), 0, 'asctime form');
  const far = await retryAfterFor('Fri, 01 Jan 2100 00:00:00 GMT');
  assert.ok(far !== undefined && far > 60 * 60 * 24 * 365 * 50);
  for (const invalid of ['soon', '-5', '1.5', '12abc', 'Sun, 31 Feb 2100 00:00:00 GMT', 'Sun, 06 Nov 1994 25:00:00 GMT', '2100-01-01T00:00:00Z']) {
    assert.equal(await retryAfterFor(invalid), undefined, invalid);
  }
});

test('loopback literals are refused without connecting unless allowed', async (t) => {
  const server = await serve(t, (_request, response) => response.end('ok'));
  const refusing = sender(t, { allowLoopback: false });
  for (const host of ['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '0x7f.1', '2130706433']) {
    const result = await refusing.send(`http://${host}:${server.port}/`, json, '{}');
    assert.deepEqual(
      { ok: result.ok, error: result.error, refused: result.refused, statusCode: result.statusCode },
      { ok: false, error: 'refused: loopback', refused: true, statusCode: undefined },
      host,
    );
  }
  assert.equal((await refusing.send(`http://0.0.0.0:${server.port}/`, json, '{}')).error, 'refused: reserved');
  assert.equal(server.received.length, 0);

  assert.equal((await sender(t, { allowLoopback: true }).send(`http://127.0.0.1:${server.port}/`, json, '{}')).ok, true);
  const viaNetwork = sender(t, { allowLoopback: false, allowedNetworks: ['127.0.0.0/8'] });
  assert.equal((await viaNetwork.send(`http://127.0.0.1:${server.port}/`, json, '{}')).ok, true);
  assert.equal(server.received.length, 2);
});

test('host names resolving to loopback are refused in the lookup unless allowed', async (t) => {
  const server = await serve(t, (_request, response) => response.end('ok'));
  const refused = await sender(t, { allowLoopback: false }).send(`http://localhost:${server.port}/`, json, '{}');
  assert.equal(refused.ok, false);
  assert.equal(refused.error, 'refused: loopback');
  assert.equal(refused.refused, true, 'a refusal in the lookup is marked as one, so it is not retried');
  assert.equal(server.received.length, 0);

  const allowed = await sender(t, { allowLoopback: true }).send(`http://localhost:${server.port}/`, json, '{}');
  assert.equal(allowed.ok, true, allowed.error);
  assert.equal(server.received.length, 1);
});

test('connection failures and unusable URLs are results, never exceptions', async (t) => {
  const server = await serve(t, () => {});
  const { port } = server;
  const webhooks = sender(t);
  await new Promise<void>((resolve) => setImmediate(resolve));
  // A port nothing listens on: take one from a server that is closed at once.
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const free = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(free));
    });
  });
  const refused = await webhooks.send(`http://127.0.0.1:${closedPort}/`, json, '{}');
  assert.equal(refused.ok, false);
  assert.match(refused.error ?? '', /^connection: .*ECONNREFUSED/);
  assert.equal(refused.refused, undefined, 'a connection the receiver refuses is no policy refusal: it is retried');
  assert.equal((await webhooks.send('not a url', json, '{}')).error, 'refused: The URL is not a valid absolute URL');
  assert.equal((await webhooks.send(`ftp://127.0.0.1:${port}/`, json, '{}')).error, 'refused: The URL must use http or https');
  assert.equal((await webhooks.send(undefined as unknown as string, json, '{}')).error, 'refused: The URL is empty');
  const badHeader = await webhooks.send(`http://127.0.0.1:${port}/`, { 'bad header': 'x' }, '{}');
  assert.match(badHeader.error ?? '', /^connection: /);
  assert.equal(server.received.length, 0);
});

test('a closed sender answers with a result too', async (t) => {
  const server = await serve(t, (_request, response) => response.end('ok'));
  const webhooks = new WebhookSender({ timeoutMs: 1000, check: () => undefined });
  await webhooks.close();
  const result = await webhooks.send(`http://127.0.0.1:${server.port}/`, json, '{}');
  assert.equal(result.ok, false);
  assert.match(result.error ?? '', /^connection: /);
});
