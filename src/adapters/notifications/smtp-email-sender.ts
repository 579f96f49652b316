import nodemailer, { type NodemailerError, type SMTPPoolOptions, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import { DeliveryFailedError, type EmailMessage, type EmailSender } from './notifier.js';

export interface SmtpEmailSenderOptions {
  /**
   * smtp://user:pass@host:port (STARTTLS when the server offers it) or smtps://… (TLS from the
   * start). Query parameters set further nodemailer options, such as ?tls.rejectUnauthorized=false.
   */
  readonly url: string;
  /** The From address of every message, e.g. `Verity <no-reply@example.com>`. */
  readonly from: string;
  /** Bounds connecting, the server greeting and each wait for the server; 10000 unless given. */
  readonly timeoutMs?: number;
}

/** A whole send (waiting for a pooled connection, connecting, the SMTP dialogue) may take this many timeouts. */
const DEADLINE_FACTOR = 3;

/**
 * One bare address (`name@domain`): no display name, no list, no quoting, no control characters,
 * so a recipient given as "a@example.com, b@example.com" cannot send a code to a second mailbox.
 */
const SINGLE_ADDRESS = /^[^\p{Cc}\s@,;:<>()[\]\\"]+@[^\p{Cc}\s@,;:<>()[\]\\"]+$/u;

/** Sends plain-text email over a pool of SMTP connections. */
export class SmtpEmailSender implements EmailSender {
  readonly #transport: Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  readonly #deadlineMs: number;
  readonly #secrets: string[];

  constructor(options: SmtpEmailSenderOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.#deadlineMs = timeoutMs * DEADLINE_FACTOR;
    this.#secrets = credentialsOf(options.url);
    try {
      // Settings in the URL take precedence over these.
      this.#transport = nodemailer.createTransport(
        {
          url: options.url,
          pool: true,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
          dnsTimeout: timeoutMs,
          disableFileAccess: true,
          disableUrlAccess: true,
        },
        { from: options.from },
      );
    } catch {
      // nodemailer's own error keeps the whole URL, password included, in a property.
      throw new Error('The SMTP URL is not valid');
    }
  }

  async send(message: EmailMessage): Promise<void> {
    if (!SINGLE_ADDRESS.test(message.to)) {
      throw new DeliveryFailedError('Email could not be sent: the recipient is not a single email address');
    }
    const signal = AbortSignal.timeout(this.#deadlineMs);
    try {
      await this.#transport.sendMail({ to: message.to, subject: message.subject, text: message.text, signal });
    } catch (error) {
      const reason = signal.aborted ? `no answer within ${this.#deadlineMs} ms` : describeFailure(error, this.#secrets);
      throw new DeliveryFailedError(`Email could not be sent: ${reason}`);
    }
  }

  /** Closes idle connections at once and the others once their message is sent. */
  async close(): Promise<void> {
    this.#transport.close();
  }
}

/**
 * Writes each message to `log` instead of sending it, text included, so that a developer without
 * a mail server can read the codes.
 */
export class LogEmailSender implements EmailSender {
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  async send(message: EmailMessage): Promise<void> {
    this.#log(`Email to ${JSON.stringify(message.to)}, subject ${JSON.stringify(message.subject)}: ${JSON.stringify(message.text)}`);
  }
}

/** The nodemailer error code with what it knows of the cause, else the message without credentials. */
function describeFailure(error: unknown, secrets: readonly string[]): string {
  if (!(error instanceof Error)) return 'unknown error';
  const { code, responseCode } = error as NodemailerError;
  const { originalCode } = error as { originalCode?: unknown };
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
    const details = [
      typeof originalCode === 'string' && /^E[A-Z_]+$/.test(originalCode) ? originalCode : undefined,
      typeof responseCode === 'number' ? `SMTP ${responseCode}` : undefined,
    ].filter((detail) => detail !== undefined);
    return details.length > 0 ? `${code} (${details.join(', ')})` : code;
  }
  let text = error.message;
  for (const secret of secrets) text = text.split(secret).join('***');
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || error.name;
}

/** The user name and password of an SMTP URL, as written and decoded, longest first. */
function credentialsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const values = [parsed.username, parsed.password].flatMap((value) => [value, safeDecode(value)]);
  return [...new Set(values.filter((value) => value.length > 0))].sort((a, b) => b.length - a.length);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
