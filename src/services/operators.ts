import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashSecret } from '../crypto/secrets.js';
import type { Clock } from '../domain/clock.js';
import { DuplicateResourceError, type FieldProblem, ValidationError } from '../domain/errors.js';
import {
  OPERATOR_PASSWORD_MIN_LENGTH,
  OPERATOR_ROLES,
  OPERATOR_USERNAME_PATTERN,
  type Operator,
  type OperatorRole,
} from '../domain/operator.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import { findOperatorByUsername, insertOperator } from '../store/operators-repository.js';

export class OperatorService {
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
