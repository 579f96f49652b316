import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashSecret, randomCredential, verifySecret } from '../crypto/secrets.js';
import type { Clock } from '../domain/clock.js';
import {
  DuplicateResourceError,
  type FieldProblem,
  ForbiddenError,
  InvalidCredentialsError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../domain/errors.js';
import {
  lockoutAfter,
  OPERATOR_PASSWORD_MIN_LENGTH,
  OPERATOR_ROLES,
  OPERATOR_USERNAME_PATTERN,
  type Operator,
  type OperatorRole,
} from '../domain/operator.js';
import { deleteConsoleSessionsOf } from '../store/console-sessions-repository.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import {
  clearFailedSignIns,
  countFailedSignIn,
  findOperatorById,
  findOperatorByUsername,
  findOperatorCredentials,
  insertOperator,
  listOperators,
  setLockedUntil,
  updateOperator,
} from '../store/operators-repository.js';
import { TtlCache } from './ttl-cache.js';

/**
 * Operators read on every authenticated back-office request are cached briefly. A change made by
 * another process (the CLI, another server) shows within this time.
 */
const OPERATOR_CACHE_MS = 10_000;

export class OperatorService {
  readonly #operators = new TtlCache<Operator>(OPERATOR_CACHE_MS, 1_000);

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async create(input: { username: string; role: string; password: string }): Promise<Operator> {
    const problems = checkOperator(input);
    if (problems.length > 0) throw new ValidationError(problems);
    const existing = await findOperatorByUsername(this.db, input.username);
    if (existing) throw new DuplicateResourceError(`Operator ${input.username} already exists.`, existing.id);
    try {
      return await insertOperator(this.db, {
        id: randomUUID(),
        username: input.username,
        role: input.role as OperatorRole,
        passwordHash: await hashSecret(input.password),
        now: this.clock.now().toISOString(),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateResourceError(`Operator ${input.username} already exists.`);
      throw error;
    }
  }

  /** The operator, or NotFoundError. Served from a short-lived cache. */
  async get(id: string): Promise<Operator> {
    const cached = this.#operators.get(id);
    if (cached) return cached;
    const operator = await findOperatorById(this.db, id);
    if (!operator) throw new NotFoundError('operator');
    this.#operators.set(id, operator);
    return operator;
  }

  /** Every operator, by username (for the console's admin page). */
  list(): Promise<Operator[]> {
    return listOperators(this.db);
  }

  /**
   * The operator with this username and password. InvalidCredentialsError otherwise; a disabled
   * operator is refused even with the right password, and after repeated failures the account is
   * locked for a while (RateLimitedError, the password not even checked) — for the console and
   * the token endpoint alike, since both come here.
   */
  async authenticate(username: string, password: string): Promise<Operator> {
    const found = await findOperatorCredentials(this.db, username);
    const now = this.clock.now();
    if (found?.lockedUntil && found.lockedUntil > now.toISOString()) {
      throw new RateLimitedError(Math.max(1, Math.ceil((Date.parse(found.lockedUntil) - now.getTime()) / 1000)));
    }
    // Hash even for an unknown username, so response time does not reveal which usernames exist.
    const valid = await verifySecret(password, found?.passwordHash ?? (await unknownUserHash()));
    if (!found || !valid) {
      if (found) await this.#countFailure(found.operator.id, now);
      throw new InvalidCredentialsError('Invalid username or password.');
    }
    if (found.operator.disabledAt) throw new InvalidCredentialsError('This operator is disabled.');
    if (found.failedSignIns > 0) await clearFailedSignIns(this.db, found.operator.id);
    this.#operators.set(found.operator.id, found.operator);
    return found.operator;
  }

  /** Disables or re-enables an operator. An admin cannot disable themselves (someone must remain). */
  async setDisabled(id: string, disabled: boolean, by: Operator): Promise<Operator> {
    if (disabled && id === by.id) throw new ForbiddenError('You cannot disable yourself.');
    const now = this.clock.now().toISOString();
    const operator = await updateOperator(this.db, id, { disabledAt: disabled ? now : null, now });
    if (!operator) throw new NotFoundError('operator');
    if (disabled) await deleteConsoleSessionsOf(this.db, id);
    this.#operators.delete(id);
    return operator;
  }

  /** Sets a new password (an admin's reset); also lifts a lockout and ends the operator's console sessions. */
  async resetPassword(id: string, password: string): Promise<Operator> {
    if (password.length < OPERATOR_PASSWORD_MIN_LENGTH) {
      throw new ValidationError([
        { pointer: '/password', code: 'Invalid', detail: `Password must be at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters.` },
      ]);
    }
    const operator = await updateOperator(this.db, id, { passwordHash: await hashSecret(password), now: this.clock.now().toISOString() });
    if (!operator) throw new NotFoundError('operator');
    // Whoever was signed in with the old password is signed out.
    await deleteConsoleSessionsOf(this.db, id);
    this.#operators.delete(id);
    return operator;
  }

  async #countFailure(id: string, now: Date): Promise<void> {
    const failures = await countFailedSignIn(this.db, id);
    const lockMs = lockoutAfter(failures);
    if (lockMs > 0) await setLockedUntil(this.db, id, new Date(now.getTime() + lockMs).toISOString());
  }
}

let unknownUserHashPromise: Promise<string> | undefined;
/** A valid hash of a random value nobody knows, computed once. */
function unknownUserHash(): Promise<string> {
  unknownUserHashPromise ??= hashSecret(randomCredential('unknown', 32));
  return unknownUserHashPromise;
}

function checkOperator(input: { username: string; role: string; password: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!OPERATOR_USERNAME_PATTERN.test(input.username)) {
    problems.push({
      pointer: '/username',
      code: 'InvalidFormat',
      detail: 'Username must be 3-64 characters: lowercase letters, digits, ".", "_" or "-".',
    });
  }
  if (!(OPERATOR_ROLES as readonly string[]).includes(input.role)) {
    problems.push({ pointer: '/role', code: 'Invalid', detail: `Role must be one of ${OPERATOR_ROLES.join(', ')}.` });
  }
  if (input.password.length < OPERATOR_PASSWORD_MIN_LENGTH) {
    problems.push({
      pointer: '/password',
      code: 'Invalid',
      detail: `Password must be at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters.`,
    });
  }
  return problems;
}
