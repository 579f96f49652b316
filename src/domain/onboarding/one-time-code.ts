/**
 * One-time codes that confirm an email address or a phone number: six digits, valid for ten
 * minutes, void after five wrong tries, and sent again at most once a minute. Pure rules; the
 * service stores only a keyed hash of the code.
 */

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_WRONG_TRIES = 5;
export const RESEND_COOLDOWN_MS = 60_000;
export const CODE_PATTERN = /^\d{6}$/;

export type Channel = 'email' | 'phone';

/** The code in force for a customer and channel, as stored. */
export interface CodeState {
  readonly destination: string;
  readonly codeHash: string;
  readonly wrongTries: number;
  readonly sentAt: string;
  readonly expiresAt: string;
  readonly usedAt?: string;
}

/** Seconds until another code may be sent; 0 when it may be sent now. */
export function resendWaitSeconds(current: CodeState | undefined, now: Date): number {
  if (!current || current.usedAt) return 0;
  const wait = Date.parse(current.sentAt) + RESEND_COOLDOWN_MS - now.getTime();
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

export type Confirmation =
  | { readonly outcome: 'confirmed' }
  | { readonly outcome: 'wrong'; readonly triesLeft: number }
  | { readonly outcome: 'none' | 'expired' | 'locked' | 'used' };

/** What entering a code (already hashed) does against the code in force. */
export function judgeCode(current: CodeState | undefined, givenHash: string, now: Date, equal: (a: string, b: string) => boolean): Confirmation {
  if (!current) return { outcome: 'none' };
  if (current.usedAt) return { outcome: 'used' };
  if (current.wrongTries >= MAX_WRONG_TRIES) return { outcome: 'locked' };
  if (now.getTime() >= Date.parse(current.expiresAt)) return { outcome: 'expired' };
  if (equal(current.codeHash, givenHash)) return { outcome: 'confirmed' };
  return { outcome: 'wrong', triesLeft: MAX_WRONG_TRIES - current.wrongTries - 1 };
}
