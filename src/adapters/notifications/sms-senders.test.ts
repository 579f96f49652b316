import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { type Receiver, startReceiver } from '../../../test/support/receiver.js';
import { DeliveryFailedError } from './notifier.js';
import { HttpSmsSender, LogSmsSender } from './sms-senders.js';

let gateway: Receiver;
let sender: HttpSmsSender;

before(async () => {
  gateway = await startReceiver();
  sender = new HttpSmsSender({ url: gateway.url, token: 'sms-token-123', timeoutMs: 2000 });
});

after(async () => {
  await sender.close();
  await gateway.close();
});

const message = { to: '+359888123456', text: 'Your Verity code is 482913.' };

test('the message is posted as JSON with the bearer token', async () => {
  gateway.respond({ status: 202, body: '{"id":"m-1"}' });
  const count = gateway.received.length;
  await sender.send(message);
  const request = gateway.received[count];
  assert.ok(request);
  assert.equal(request.path, '/hooks');
  assert.equal(request.headers['authorization'], 'Bearer sms-token-123');
  assert.match(request.headers['content-type'] ?? '', /^application\/json/);
  assert.deepEqual(JSON.parse(request.body), { to: '+359888123456', text: 'Your Verity code is 482913.' });
});

test('without a token no Authorization header is sent', async () => {
  gateway.respond({ status: 200 });
  const anonymous = new HttpSmsSender({ url: gateway.url });
  try {
    const count = gateway.received.length;
    await anonymous.send(message);
    assert.equal(gateway.received[count]?.headers['authorization'], undefined);
  } finally {
    await anonymous.close();
  }
});

test('a 500 gives DeliveryFailedError with the status and nothing of the message', async () => {
  gateway.respond({ status: 500, body: 'upstream down' });
  const error = await sendAndCatch(sender);
  assert.equal(error.message, 'SMS could not be sent: the gateway answered HTTP 500');
});

test('a redirect is not followed', async () => {
  gateway.respond({ status: 302, headers: { location: '/elsewhere' } });
  const count = gateway.received.length;
  const error = await sendAndCatch(sender);
  assert.match(error.message, /HTTP 302/);
  assert.equal(gateway.received.length, count + 1);
});

test('a closed port gives DeliveryFailedError', async () => {
  const port = await closedPort();
  const unreachable = new HttpSmsSender({ url: `http://127.0.0.1:${port}/sms?key=s3cr3t`, timeoutMs: 500 });
  try {
    const error = await sendAndCatch(unreachable);
    assert.equal(error.message, 'SMS could not be sent: connection failed (ECONNREFUSED)');
  } finally {
    await unreachable.close();
  }
});

test('a gateway that does not answer gives DeliveryFailedError after the timeout', async () => {
  const silent = http.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const stalled = new HttpSmsSender({ url: `http://127.0.0.1:${port}/sms`, timeoutMs: 200 });
  try {
    const started = performance.now();
    const error = await sendAndCatch(stalled);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 150 && elapsed < 1000, `failed after ${Math.round(elapsed)} ms`);
    assert.match(error.message, /^SMS could not be sent: no answer within/);
  } finally {
    silent.closeAllConnections();
    await stalled.close();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('a gateway URL that is not HTTP is refused', () => {
  assert.throws(() => new HttpSmsSender({ url: 'ftp://127.0.0.1/sms' }));
  assert.throws(() => new HttpSmsSender({ url: 'not a url' }));
});

test('LogSmsSender hands the number and text to its callback', async () => {
  const lines: string[] = [];
  await new LogSmsSender((line) => lines.push(line)).send(message);
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /\+359888123456/);
  assert.match(lines[0] ?? '', /Your Verity code is 482913\./);
});

async function sendAndCatch(smsSender: HttpSmsSender): Promise<DeliveryFailedError> {
  try {
    await smsSender.send(message);
  } catch (error) {
    assert.ok(error instanceof DeliveryFailedError, `expected DeliveryFailedError, got ${String(error)}`);
    assert.ok(!error.message.includes(message.text));
    assert.ok(!error.message.includes('s3cr3t'));
    return error;
  }
  assert.fail('the message was sent');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
