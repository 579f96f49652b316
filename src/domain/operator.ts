/** A back-office person who reviews customers and documents. */
export interface Operator {
  readonly id: string;
  readonly username: string;
  readonly role: OperatorRole;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When an admin disabled the operator; absent while active. A disabled operator cannot sign in. */
  readonly disabledAt?: string;
  /**
   * Goes up with every password reset, disable, enable and role change. Tokens and console
   * sessions carry the version they were issued under and end when it changes.
   */
  readonly credentialVersion: number;
}

export const OPERATOR_ROLES = ['reviewer', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const OPERATOR_PASSWORD_MIN_LENGTH = 12;
export const OPERATOR_USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/**
 * Failed sign-ins in a row from one client address before that address is locked out of the
 * username, and how long: the lock doubles with every further failure, from one minute up to an
 * hour. A success from the address clears its count. Other addresses are not affected…
 */
export const SIGN_IN_FAILURES_BEFORE_LOCK = 5;
/**
 * …until the failures from every address together reach this ceiling: then the username is
 * locked for everyone (same doubling), so guessing from many addresses is bounded too.
 */
export const SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK = 50;
/** A run of failures is forgotten this long after its last failure. */
export const SIGN_IN_FAILURES_FORGOTTEN_AFTER_MS = 24 * 3_600_000;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3_600_000;

/** How long to lock after the `failures`-th failure in a row, where `threshold` failures lock (0: not locked). */
export function lockoutAfter(failures: number, threshold = SIGN_IN_FAILURES_BEFORE_LOCK): number {
  if (failures < threshold) return 0;
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(failures - threshold, 12));
}
