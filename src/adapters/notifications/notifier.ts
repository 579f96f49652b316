/** A plain-text email to one address. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** A text message to one phone number. */
export interface SmsMessage {
  /** E.164, for example "+359888123456". */
  readonly to: string;
  readonly text: string;
}

/** Hands emails over for delivery; resolves once the mail server has accepted the message. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** Hands text messages over for delivery; resolves once the gateway has accepted the message. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/**
 * The message could not be handed over. The error message is safe to show and to log: it never
 * carries credentials or the text of the message.
 */
export class DeliveryFailedError extends Error {
  override readonly name = 'DeliveryFailedError';
}
