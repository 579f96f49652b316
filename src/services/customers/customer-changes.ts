import type { Customer } from '../../domain/customer/customer.js';
import type { StatusAction, transition } from '../../domain/customer/status-machine.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { VerificationResult } from '../../domain/verification/identity-verifier.js';
import type { HistoryEntry } from './customer-writes.js';
import { withoutUndefined } from './identity.js';

/** Small steps of a customer change that need no service state. */

/** The status machine's action for a verifier's result. */
export function verificationAction(attempt: 'initial' | 'retry', result: VerificationResult): StatusAction {
  return { kind: 'verification', attempt, decision: result.decision, fraud: result.reasons.includes('fraud.suspected') };
}

export function verificationEntry(action: string, before: Customer['status'], after: Customer['status'], result: VerificationResult): HistoryEntry {
  return { action, before, after, reasonCode: result.reasons.join(',') || 'verified', comment: `score ${result.score}` };
}

export function stateFields(state: ReturnType<typeof transition>['state']): Partial<Customer> {
  return {
    type: state.type,
    status: state.status,
    statusBeforeDeactivation: state.statusBeforeDeactivation,
    statusBeforeSuspension: state.statusBeforeSuspension,
    suspensionCause: state.suspensionCause,
    retryUsed: state.retryUsed,
  };
}

/** Applies an update's changes; "" clears an optional field. */
export function withoutCleared(customer: Customer, changes: Record<string, unknown>): Customer {
  const next: Record<string, unknown> = { ...customer, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === '') delete next[key];
  return withoutUndefined(next) as unknown as Customer;
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
