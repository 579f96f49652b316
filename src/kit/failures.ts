// How Verity tells, from an error thrown by a database driver or the file system, that the
// server's storage failed rather than its code: a connection that went away, space that ran out.
// Shared by the store, the blob store and the doors that answer 503 or 507 for them.

/**
 * SQLSTATEs of a PostgreSQL connection that was ended under us: the server shutting down or
 * restarting, a backend terminated, a session timeout; class 08 is every connection exception.
 */
const CONNECTION_ENDED_STATES = new Set(['57P01', '57P02', '57P03', '57P05', '25P03', '53300']);

/** What the socket under a connection reports when the server went away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** node-postgres reports a lost connection with these messages and no code. */
const LOST_CONNECTION_MESSAGE = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/** True when a query failed because the connection to the database is gone or cannot be made. */
export function isConnectionLost(error: unknown): boolean {
  return someCause(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_ENDED_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code)) return true;
    return code === '' && typeof e.message === 'string' && LOST_CONNECTION_MESSAGE.test(e.message);
  });
}

/**
 * True when a write failed for want of space: the disk (ENOSPC), a quota (EDQUOT), the SQLite
 * database (SQLITE_FULL, also its page limit) or PostgreSQL's disk (SQLSTATE 53100).
 */
export function isStorageFull(error: unknown): boolean {
  return someCause(error, (e) => e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'SQLITE_FULL' || e.code === '53100');
}

/** Whether the error, or one it was caused by, matches. */
function someCause(error: unknown, matches: (error: { code?: unknown; message?: unknown }) => boolean): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (matches(current as { code?: unknown; message?: unknown })) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A one-line reason for a failure of the database or the disk, fit for the log: the code and
 * message of the error and its causes, never the objects themselves (node-postgres hangs its
 * client, connection settings and password included, on the errors it emits).
 */
export function failureReason(error: unknown): string {
  const parts: string[] = [];
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    parts.push([typeof code === 'string' ? code : '', typeof message === 'string' ? message : ''].filter(Boolean).join(' '));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.filter(Boolean).join(': ') || String(error);
}
