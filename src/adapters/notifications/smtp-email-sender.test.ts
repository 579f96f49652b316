import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { type SmtpServer, startSmtpServer } from '../../../test/support/smtp.js';
import { DeliveryFailedError } from './notifier.js';
import { LogEmailSender, SmtpEmailSender } from './smtp-email-sender.js';

let server: SmtpServer;
let sender: SmtpEmailSender;

before(async () => {
  server = await startSmtpServer();
  sender = new SmtpEmailSender({ url: server.url, from: 'Verity <no-reply@verity.test>', timeoutMs: 2000 });
});

after(async () => {
  await sender.close();
  await server.close();
});

test('a message arrives at the SMTP server with its sender, recipient, subject and text', async () => {
  const count = server.messages.length;
  await sender.send({ to: 'customer@example.com', subject: 'Your Verity code', text: 'Your code is 482913.\nIt expires in 10 minutes.' });
  await server.waitFor(count + 1);
  const received = server.messages[count];
  assert.ok(received);
  assert.equal(received.from, 'no-reply@verity.test');
  assert.deepEqual(received.to, ['customer@example.com']);
  assert.equal(received.subject, 'Your Verity code');
  assert.equal(received.text, 'Your code is 482913.\nIt expires in 10 minutes.');
  assert.match(received.raw, /^From: Verity <no-reply@verity\.test>\r$/m);
  assert.match(received.raw, /^Content-Type: text\/plain; charset=utf-8\r$/m);
});

test('non-ASCII subjects and long lines survive the encoding', async () => {
  const count = server.messages.length;
  const subject = 'Код за потвърждение на имейл адреса ви във Verity, достатъчно дълъг, за да се пренесе';
  const text = `Вашият код е 482913.\n${'x'.repeat(120)}é`;
  await sender.send({ to: 'customer@example.com', subject, text });
  await server.waitFor(count + 1);
  assert.equal(server.messages[count]?.subject, subject);
  assert.equal(server.messages[count]?.text, text);
});

test('a line break in the subject cannot add a header', async () => {
  const count = server.messages.length;
  await sender.send({ to: 'customer@example.com', subject: 'Code\r\nBcc: attacker@evil.test', text: 'Your code is 482913.' });
  await server.waitFor(count + 1);
  const received = server.messages[count];
  assert.deepEqual(received?.to, ['customer@example.com']);
  assert.doesNotMatch(received?.raw ?? '', /^Bcc:/im);
});

test('a recipient that is not one bare address is refused before anything is sent', async () => {
  const count = server.messages.length;
  for (const to of ['customer@example.com, attacker@evil.test', 'customer@example.com\r\nattacker@evil.test', 'Customer <customer@example.com>', 'customer', '']) {
    await assert.rejects(sender.send({ to, subject: 'Your Verity code', text: 'Your code is 482913.' }), DeliveryFailedError);
  }
  assert.equal(server.messages.length, count);
});

test('an unreachable server gives DeliveryFailedError at once, without the password', async () => {
  const port = await closedPort();
  const unreachable = new SmtpEmailSender({ url: `smtp://verity:s3cr3t-Pa55@127.0.0.1:${port}`, from: 'no-reply@verity.test', timeoutMs: 500 });
  try {
    const started = performance.now();
    const error = await sendAndCatch(unreachable);
    assert.ok(performance.now() - started < 500);
    assert.match(error.message, /^Email could not be sent: /);
    assert.match(error.message, /ECONNREFUSED/);
    assert.ok(!error.message.includes('s3cr3t'));
  } finally {
    await unreachable.close();
  }
});

test('a server that never greets gives DeliveryFailedError after the timeout', async () => {
  const silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  const stalled = new SmtpEmailSender({ url: `smtp://verity:s3cr3t-Pa55@127.0.0.1:${port}`, from: 'no-reply@verity.test', timeoutMs: 200 });
  try {
    const started = performance.now();
    const error = await sendAndCatch(stalled);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 150 && elapsed < 1000, `failed after ${Math.round(elapsed)} ms`);
    assert.match(error.message, /^Email could not be sent: ETIMEDOUT/);
    assert.ok(!error.message.includes('s3cr3t'));
  } finally {
    await stalled.close();
    silent.close();
  }
});

test('an SMTP URL that cannot be parsed is refused without repeating it', () => {
  assert.throws(
    () => new SmtpEmailSender({ url: 'smtp://verity:s3cr3t-Pa55@[not-a-host', from: 'no-reply@verity.test' }),
    (error: Error) => !error.message.includes('s3cr3t') && Object.values(error).every((value) => !String(value).includes('s3cr3t')),
  );
});

test('LogEmailSender hands the recipient, subject and text to its callback', async () => {
  const lines: string[] = [];
  await new LogEmailSender((line) => lines.push(line)).send({ to: 'customer@example.com', subject: 'Your Verity code', text: 'Your code is 482913.' });
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /customer@example\.com/);
  assert.match(lines[0] ?? '', /Your Verity code/);
  assert.match(lines[0] ?? '', /Your code is 482913\./);
});

async function sendAndCatch(emailSender: SmtpEmailSender): Promise<DeliveryFailedError> {
  try {
    await emailSender.send({ to: 'customer@example.com', subject: 'Your Verity code', text: 'Your code is 482913.' });
  } catch (error) {
    assert.ok(error instanceof DeliveryFailedError, `expected DeliveryFailedError, got ${String(error)}`);
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
