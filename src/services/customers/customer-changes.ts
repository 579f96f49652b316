import { keyedDigest } from '../../adapters/crypto/secrets.js';
import type { Customer, CustomerInput } from '../../domain/customer/customer.js';
import { fingerprintFields } from '../../domain/verification/identity-fields.js';
import type { transition } from '../../domain/customer/status-machine.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { VerificationResult } from '../../domain/verification/identity-verifier.js';
import type { AttemptEntry } from './customer-writes.js';
import { withoutUndefined } from './identity.js';

/** Small steps of a customer change that need no service state. */

/** The verification attempt to record: the inputs only as a keyed fingerprint. */
export function attemptEntry(fingerprintKey: Buffer, input: CustomerInput, attempt: 'initial' | 'retry', result: VerificationResult): AttemptEntry {
  return {
    attempt,
    fingerprint: keyedDigest(fingerprintKey, fingerprintFields(input)),
    score: result.score,
    decision: result.decision,
    reasons: result.reasons,
  };
}

export function stateFields(state: ReturnType<typeof transition>['state']): Partial<Customer> {
  return {
    type: state.type,
    status: state.status,
    statusBeforeDeactivation: state.statusBeforeDeactivation,
    statusBeforeSuspension: state.statusBeforeSuspension,
    suspensionCause: state.suspensionCause,
    retryUsed: state.retryUsed,
    verification: state.verification,
    pendingAttemptId: state.pendingAttemptId,
    screening: state.screening,
    heldVerification: state.heldVerification,
  };
}

/** Applies an update's changes; "" clears an optional field. */
export function withoutCleared(customer: Customer, changes: Record<string, unknown>): Customer {
  const next: Record<string, unknown> = { ...customer, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === '') delete next[key];
  return withoutUndefined(next) as unknown as Customer;
}

/** The fields an update's changes would really change ("" clears; a field already absent stays so). */
export function fieldsChangedBy(customer: Customer, changes: Record<string, unknown>): string[] {
  const stored = customer as unknown as Record<string, unknown>;
  return Object.keys(changes).filter((key) => {
    const value = changes[key];
    const now = stored[key];
    if (value === '' || value === undefined) return now !== undefined;
    return typeof value === 'object' && value !== null ? JSON.stringify(value) !== JSON.stringify(now) : value !== now;
  });
}

export function duplicateEmail(existingId?: string): ValidationError {
  return new ValidationError([
    {
      pointer: '/email',
      code: 'Duplicate',
      reason: 'DuplicateEmail',
      params: {},
      ...(existingId !== undefined && { resourceId: existingId }),
    },
  ]);
}

/** Lost a race with a concurrent request for the same customer: the caller may simply retry. */
export function isRace(error: unknown): boolean {
  if (error instanceof ConflictError) return true;
  return error instanceof ValidationError && error.problems.some((p) => p.code === 'Duplicate' && p.pointer === '/email');
}
