/** A back-office person who reviews customers and documents. */
export interface Operator {
  readonly id: string;
  readonly username: string;
  readonly role: OperatorRole;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const OPERATOR_ROLES = ['reviewer', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const OPERATOR_PASSWORD_MIN_LENGTH = 12;
export const OPERATOR_USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
