import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashSecret, verifySecretOrNone } from '../../adapters/crypto/secrets.js';
import type { Clock } from '../../domain/clock.js';
import {
  DuplicateResourceError,
  type FieldProblem,
  ForbiddenError,
  InvalidCredentialsError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.js';
import {
  lockoutAfter,
  OPERATOR_PASSWORD_MIN_LENGTH,
  OPERATOR_ROLES,
  OPERATOR_USERNAME_PATTERN,
  type Operator,
  type OperatorRole,
  SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK,
  SIGN_IN_FAILURES_BEFORE_LOCK,
  SIGN_IN_FAILURES_FORGOTTEN_AFTER_MS,
} from '../../domain/operator.js';
import { deleteConsoleSessionsOf } from '../../store/console-sessions-repository.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation } from '../../store/errors.js';
import {
  findOperatorById,
  findOperatorByUsername,
  findOperatorCredentials,
  insertOperator,
  listOperators,
  updateOperator,
} from '../../store/operators-repository.js';
import {
  ALL_ADDRESSES,
  clearSignInFailures,
  countSignInFailure,
  deleteStaleSignInFailures,
  findSignInLocks,
  setSignInLock,
} from '../../store/sign-in-failures-repository.js';
import { TtlCache } from '../../kit/ttl-cache.js';
import { statedProblem } from '../../domain/field-problems.js';
import type { AuditLog } from './audit-log.js';

/** Where an operator signs in: the console's form or `POST /v1/operators/token`. */
export type SignInChannel = 'console' | 'operator token';

/**
 * Operators shown by name (who decided a case, who did what) are cached briefly. Authentication
 * never uses this cache: it reads the operator from the database (see `current`).
 */
const OPERATOR_CACHE_MS = 10_000;
/** Stale rows of failed sign-ins are swept at most this often. */
const SWEEP_EVERY_MS = 60_000;
const INVALID_SIGN_IN = 'Invalid username or password.';

export class OperatorService {
  readonly #operators = new TtlCache<Operator>(OPERATOR_CACHE_MS, 1_000);
  #lastSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Failed sign-ins and lockouts are recorded here, by the client's address. */
    private readonly audit: AuditLog,
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

  /**
   * The operator as the database has it now, or NotFoundError: what an operator token or console
   * session is checked against on every request, so a change made by any process counts at once.
   */
  async current(id: string): Promise<Operator> {
    const operator = await findOperatorById(this.db, id);
    if (!operator) throw new NotFoundError('operator');
    this.#operators.set(id, operator);
    return operator;
  }

  /** The operator, or NotFoundError. Served from a short-lived cache: for showing, not for authenticating. */
  async get(id: string): Promise<Operator> {
    return this.#operators.get(id) ?? this.current(id);
  }

  /** Every operator, by username (for the console's admin page). */
  list(): Promise<Operator[]> {
    return listOperators(this.db);
  }

  /**
   * The operator with this username and password, signing in from `address`.
   * InvalidCredentialsError otherwise, with the same message whether the username is unknown, the
   * password wrong, or the username locked for this address: after repeated failures from one
   * address the username is locked for that address for a while (the password not even checked),
   * and after many failures from all addresses together, for every address. Unknown usernames
   * are counted and locked the same way. A disabled operator is refused even with the right
   * password. The console and the token endpoint both come here. Every refusal, and every
   * lockout it starts, goes to the audit log by the client's address; an unknown username is
   * recorded as such, never spelled out (it may be a password typed in the wrong field).
   */
  async authenticate(username: string, password: string, address: string, via: SignInChannel = 'console'): Promise<Operator> {
    const now = this.clock.now();
    const locks = await findSignInLocks(this.db, username, address);
    const nowIso = now.toISOString();
    if ((locks.address !== null && locks.address > nowIso) || (locks.everywhere !== null && locks.everywhere > nowIso)) {
      const locked = await findOperatorByUsername(this.db, username);
      await this.#auditFailure(address, locked, `${via}: refused while locked`);
      throw new InvalidCredentialsError(INVALID_SIGN_IN);
    }
    const found = await findOperatorCredentials(this.db, username);
    const valid = await verifySecretOrNone(password, found?.passwordHash);
    if (!found || !valid) {
      await this.#auditFailure(address, found?.operator, `${via}: ${found ? 'wrong password' : 'unknown username'}`);
      await this.#countFailure(username, address, now, found?.operator);
      throw new InvalidCredentialsError(INVALID_SIGN_IN);
    }
    if (found.operator.disabledAt) {
      await this.#auditFailure(address, found.operator, `${via}: operator disabled`);
      throw new InvalidCredentialsError('This operator is disabled.');
    }
    if (locks.failuresFromAddress) await clearSignInFailures(this.db, username, address);
    this.#operators.set(found.operator.id, found.operator);
    return found.operator;
  }

  /**
   * Lifts every lockout of this operator's username (from any address, and the one for all
   * addresses). NotFoundError for a username no operator has. Returns whether any failures were
   * on record.
   */
  async unlock(username: string): Promise<boolean> {
    const operator = await findOperatorByUsername(this.db, username);
    if (!operator) throw new NotFoundError('operator', `No operator is named ${username}.`);
    return (await clearSignInFailures(this.db, username)) > 0;
  }

  /** Changes an operator's role; their tokens and console sessions end. An admin cannot change their own role. */
  async setRole(id: string, role: string, by: Operator): Promise<Operator> {
    const problems = roleProblems(role);
    if (problems.length > 0) throw new ValidationError(problems);
    if (id === by.id) throw new ForbiddenError('You cannot change your own role.');
    const operator = await updateOperator(this.db, id, { role: role as OperatorRole, now: this.clock.now().toISOString() });
    if (!operator) throw new NotFoundError('operator');
    await deleteConsoleSessionsOf(this.db, id);
    this.#operators.delete(id);
    return operator;
  }

  /**
   * Disables or re-enables an operator. Either way their tokens and console sessions end (a
   * re-enabled operator signs in again). An admin cannot disable themselves (someone must remain).
   */
  async setDisabled(id: string, disabled: boolean, by: Operator): Promise<Operator> {
    if (disabled && id === by.id) throw new ForbiddenError('You cannot disable yourself.');
    const now = this.clock.now().toISOString();
    const operator = await updateOperator(this.db, id, { disabledAt: disabled ? now : null, now });
    if (!operator) throw new NotFoundError('operator');
    await deleteConsoleSessionsOf(this.db, id);
    this.#operators.delete(id);
    return operator;
  }

  /**
   * Sets a new password (an admin's reset); ends the operator's tokens and console sessions, and
   * lifts their lockouts: the admin who set it vouches for the operator.
   */
  async resetPassword(id: string, password: string): Promise<Operator> {
    if (password.length < OPERATOR_PASSWORD_MIN_LENGTH) {
      throw new ValidationError([
        statedProblem('/password', 'Invalid', `Password must be at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters.`),
      ]);
    }
    const operator = await updateOperator(this.db, id, { passwordHash: await hashSecret(password), now: this.clock.now().toISOString() });
    if (!operator) throw new NotFoundError('operator');
    // Whoever was signed in with the old password is signed out.
    await deleteConsoleSessionsOf(this.db, id);
    await clearSignInFailures(this.db, operator.username);
    this.#operators.delete(id);
    return operator;
  }

  async #auditFailure(address: string, operator: Operator | undefined, detail: string): Promise<void> {
    await this.audit.record({ kind: 'client', address }, 'sign_in_failed', operator && { kind: 'operator', id: operator.id }, detail);
  }

  /** Counts a failure from this address and from all addresses together; locks (and audits) what reached its threshold. */
  async #countFailure(username: string, address: string, now: Date, operator: Operator | undefined): Promise<void> {
    const nowIso = now.toISOString();
    const forgetBefore = new Date(now.getTime() - SIGN_IN_FAILURES_FORGOTTEN_AFTER_MS).toISOString();
    const counts: Array<[string, number]> = [
      [address, SIGN_IN_FAILURES_BEFORE_LOCK],
      [ALL_ADDRESSES, SIGN_IN_FAILURES_BEFORE_GLOBAL_LOCK],
    ];
    for (const [where, threshold] of counts) {
      const failures = await countSignInFailure(this.db, { username, address: where, now: nowIso, forgetBefore });
      const lockMs = lockoutAfter(failures, threshold);
      if (lockMs > 0) {
        const until = new Date(now.getTime() + lockMs).toISOString();
        await setSignInLock(this.db, username, where, until);
        const scope = where === ALL_ADDRESSES ? 'every address' : where;
        const whose = operator ? '' : 'an unknown username, ';
        await this.audit.record({ kind: 'client', address }, 'sign_in_locked', operator && { kind: 'operator', id: operator.id }, `${whose}from ${scope} until ${until} (${failures} failures)`);
      }
    }
    if (now.getTime() - this.#lastSweep >= SWEEP_EVERY_MS) {
      this.#lastSweep = now.getTime();
      await deleteStaleSignInFailures(this.db, forgetBefore, nowIso);
    }
  }
}

function checkOperator(input: { username: string; role: string; password: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!OPERATOR_USERNAME_PATTERN.test(input.username)) {
    problems.push(statedProblem('/username', 'InvalidFormat', 'Username must be 3-64 characters: lowercase letters, digits, ".", "_" or "-".'));
  }
  problems.push(...roleProblems(input.role));
  if (input.password.length < OPERATOR_PASSWORD_MIN_LENGTH) {
    problems.push(statedProblem('/password', 'Invalid', `Password must be at least ${OPERATOR_PASSWORD_MIN_LENGTH} characters.`));
  }
  return problems;
}

function roleProblems(role: string): FieldProblem[] {
  return (OPERATOR_ROLES as readonly string[]).includes(role)
    ? []
    : [statedProblem('/role', 'Invalid', `Role must be one of ${OPERATOR_ROLES.join(', ')}.`)];
}
