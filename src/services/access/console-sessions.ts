import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { Operator } from '../../domain/operator.js';
import {
  deleteConsoleSession,
  deleteExpiredConsoleSessions,
  findConsoleSession,
  insertConsoleSession,
  touchConsoleSession,
} from '../../store/console-sessions-repository.js';
import type { Database } from '../../store/database.js';
import type { OperatorService } from './operators.js';

/** A session ends after this long without a request… */
export const CONSOLE_IDLE_MS = 60 * 60 * 1000;
/** …and in any case this long after sign-in. */
export const CONSOLE_SESSION_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading pages does not mean a write each time. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface StartedSession {
  /** The cookie value; known only to the browser. */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface ConsoleSession {
  readonly operator: Operator;
  readonly csrfToken: string;
}

/** Signed-in console browsers: opaque cookies backed by rows that hold only the cookie's hash. */
export class ConsoleSessionService {
  #lastSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly operators: OperatorService,
  ) {}

  async start(operator: Operator): Promise<StartedSession> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CONSOLE_SESSION_MS).toISOString();
    await insertConsoleSession(this.db, {
      tokenHash: hashOf(token),
      operatorId: operator.id,
      csrfToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt,
      credentialVersion: operator.credentialVersion,
    });
    await this.#sweep(now);
    return { token, csrfToken, expiresAt };
  }

  /**
   * The live session behind this cookie, or undefined (unknown, ended, idle too long, operator
   * disabled, or the operator's credentials changed since sign-in). The operator is read from the
   * database, not a cache, so a change made by any process ends the session at once.
   */
  async resolve(token: string): Promise<ConsoleSession | undefined> {
    if (token.length === 0 || token.length > 100) return undefined;
    const tokenHash = hashOf(token);
    const row = await findConsoleSession(this.db, tokenHash);
    if (!row) return undefined;
    const now = this.clock.now();
    const idleSince = Date.parse(row.lastSeenAt);
    if (row.expiresAt <= now.toISOString() || now.getTime() - idleSince > CONSOLE_IDLE_MS) {
      await deleteConsoleSession(this.db, tokenHash);
      return undefined;
    }
    const operator = await this.operators.current(row.operatorId).catch(() => undefined);
    if (!operator || operator.disabledAt || operator.credentialVersion !== row.credentialVersion) {
      await deleteConsoleSession(this.db, tokenHash);
      return undefined;
    }
    if (now.getTime() - idleSince > TOUCH_EVERY_MS) await touchConsoleSession(this.db, tokenHash, now.toISOString());
    return { operator, csrfToken: row.csrfToken };
  }

  async end(token: string): Promise<void> {
    await deleteConsoleSession(this.db, hashOf(token));
  }

  async #sweep(now: Date): Promise<void> {
    if (now.getTime() - this.#lastSweep < TOUCH_EVERY_MS) return;
    this.#lastSweep = now.getTime();
    await deleteExpiredConsoleSessions(this.db, now.toISOString());
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
