import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message a test SMTP server accepted. */
export interface ReceivedEmail {
  /** The envelope sender (MAIL FROM). */
  readonly from: string;
  /** The envelope recipients (RCPT TO). */
  readonly to: string[];
  /** The message as transmitted: headers and encoded body. */
  readonly raw: string;
  /** The decoded Subject header. */
  readonly subject: string;
  /** The decoded text body, line breaks as "\n", without the line break that ends every SMTP message. */
  readonly text: string;
}

/** A real SMTP server on a loopback port, without TLS, that accepts every message. */
export interface SmtpServer {
  /** smtp://127.0.0.1:<port> */
  readonly url: string;
  readonly messages: ReceivedEmail[];
  /** Resolves once at least `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpServer> {
  const messages: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    // Connections a test leaves open are cut this soon after close().
    closeTimeout: 250,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          const { subject, text } = parseMessage(raw);
          const { mailFrom, rcptTo } = session.envelope;
          messages.push({ from: mailFrom === false ? '' : mailFrom.address, to: rcptTo.map((rcpt) => rcpt.address), raw, subject, text });
        } catch (error) {
          callback(error as Error);
          return;
        }
        callback();
        for (const wake of waiters) wake();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(count, timeoutMs = 5_000) {
      if (messages.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP server got ${messages.length} of ${count} messages in ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The subject and text of a single-part text/plain message as nodemailer writes one. */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split === null ? raw : raw.slice(0, split.index);
  const body = split === null ? '' : raw.slice(split.index + split[0].length);
  // Unfold: a line break followed by white space continues the header.
  const headers = head.split(/\r?\n(?![ \t])/);
  const header = (name: string): string | undefined => {
    const line = headers.find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    return line?.slice(name.length + 1).replace(/\r?\n/g, '').trim();
  };

  const contentType = (header('Content-Type') ?? 'text/plain').toLowerCase();
  if (!contentType.startsWith('text/plain')) throw new Error(`Unsupported Content-Type in test SMTP server: ${contentType}`);
  const charset = /charset="?([^";\s]+)/.exec(contentType)?.[1] ?? 'us-ascii';
  if (!['utf-8', 'us-ascii'].includes(charset)) throw new Error(`Unsupported charset in test SMTP server: ${charset}`);

  const encoding = (header('Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  let text: string;
  if (encoding === 'quoted-printable') text = decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
  else if (encoding === 'base64') text = Buffer.from(body, 'base64').toString('utf8');
  else if (encoding === '7bit' || encoding === '8bit') text = body;
  else throw new Error(`Unsupported Content-Transfer-Encoding in test SMTP server: ${encoding}`);

  return { subject: decodeEncodedWords(header('Subject') ?? ''), text: text.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

function decodeQuotedPrintable(text: string): string {
  return quotedPrintableBytes(text).toString('utf8');
}

/** `=XX` escapes as the byte they name, everything else as written. */
function quotedPrintableBytes(text: string): Buffer {
  const parts = text.split(/((?:=[0-9A-Fa-f]{2})+)/);
  return Buffer.concat(parts.map((part, index) => (index % 2 === 1 ? Buffer.from(part.replace(/=/g, ''), 'hex') : Buffer.from(part, 'utf8'))));
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=); white space between adjacent words is dropped. */
function decodeEncodedWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  return value.replace(/=\?[^?]+\?[BbQq]\?[^?]*\?=(?:\s+=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    const bytes = [...run.matchAll(word)].map(([, , kind, data = '']) =>
      kind?.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : quotedPrintableBytes(data.replace(/_/g, ' ')),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}
