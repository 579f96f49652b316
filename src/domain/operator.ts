/** A back-office person who reviews customers and documents. */
export interface Operator {
  readonly id: string;
  readonly username: string;
  readonly role: OperatorRole;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When an admin disabled the operator; absent while active. A disabled operator cannot sign in. */
  readonly disabledAt?: string;
}

export const OPERATOR_ROLES = ['reviewer', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const OPERATOR_PASSWORD_MIN_LENGTH = 12;
export const OPERATOR_USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/**
 * Failed sign-ins before an account is locked, and how long: the lock doubles with every further
 * failure, from one minute up to an hour. A success clears the count.
 */
export const SIGN_IN_FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3_600_000;

/** How long to lock an account after its `failures`-th failed sign-in in a row (0: not locked). */
export function lockoutAfter(failures: number): number {
  if (failures < SIGN_IN_FAILURES_BEFORE_LOCK) return 0;
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - SIGN_IN_FAILURES_BEFORE_LOCK));
}
