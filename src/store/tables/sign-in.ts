import type { Generated } from 'kysely';
import type { Timestamp } from '../column-types.js';

/** Sign-ins: Delos refresh tokens, console sessions, failed operator sign-ins and the audit log. */

/** One login's chain of refresh tokens (Delos); revoking it ends every token of the chain. */
export interface RefreshTokenFamiliesTable {
  id: string;
  tenant_id: string;
  /** The tenant's secret version at login: a rotation since then revokes the family. */
  secret_version: number;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A refresh token, known only by its keyed hash; single-use (used_at set by its refresh). */
export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A signed-in console browser; the cookie itself is never stored, only its SHA-256. */
export interface ConsoleSessionsTable {
  token_hash: string;
  operator_id: string;
  /** The synchronizer token every console form must carry. */
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  /** The operator's credential version at sign-in; the session ends when it changes. */
  credential_version: Generated<number>;
}

/**
 * Failed sign-ins in a row for a username from one client address, or from every address
 * together (address ''); for known and unknown usernames alike.
 */
export interface SignInFailuresTable {
  username: string;
  address: string;
  failures: number;
  last_failed_at: Timestamp;
  locked_until: Timestamp | null;
}

/** Something done outside any customer's history; ids and plain facts only, never secrets. */
export interface AuditEntriesTable {
  id: string;
  created_at: Timestamp;
  /** operator (operator_id set), cli (actor_name: the system account) or client (actor_name: its address). */
  actor: string;
  operator_id: string | null;
  actor_name: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  detail: string | null;
}
