import type { Customer, CustomerInput } from '../../domain/customer/customer.js';
import type { StatusAction } from '../../domain/customer/status-machine.js';
import { verificationRecord, type VerificationBasis } from '../../domain/verification/basis.js';
import type { IdentityVerifier } from '../../domain/verification/identity-verifier.js';
import { DOCUMENTS_BECAUSE, routeScreened } from '../../domain/verification/verification-policy.js';
import type { VerificationPolicyFor } from '../../domain/tenant.js';
import { uuidv7 } from '../../kit/ids.js';
import { attemptEntry } from './customer-changes.js';
import type { AttemptEntry, HistoryEntry } from './customer-writes.js';

/** What screening a full identity decided, ready to be written with the customer's change. */
export interface Screening {
  /** The status machine's action: a decision now, or a request to the identity-data provider. */
  readonly action: StatusAction;
  readonly attempt: AttemptEntry;
  /** The history line, for a change whose action is called `action` (upgrade, retry, verification). */
  entry(action: string, before: Customer['status'], after: Customer['status']): HistoryEntry;
}

/**
 * Screens a full identity (a creation, an upgrade, the one retry) for every door alike: the
 * built-in rules pre-screen it, then the tenant's policy routes it (verification-policy.ts):
 * decided at once (retry, document, suspended, or verified on basis `sandbox`), to documents, or
 * to the identity-data provider, which the provider worker asks once the change has committed.
 */
export class IdentityScreening {
  constructor(
    private readonly verifier: IdentityVerifier,
    /** Keys the fingerprints of verification inputs. */
    private readonly fingerprintKey: Buffer,
    private readonly policyFor: VerificationPolicyFor,
    /** An identity-data provider is configured (VERITY_IDENTITY_PROVIDER_URL). */
    private readonly providerConfigured: boolean,
  ) {}

  async screen(tenantId: string, input: CustomerInput & { type: 'personal' | 'business' }, attempt: 'initial' | 'retry', now: string): Promise<Screening> {
    const policy = await this.policyFor(tenantId);
    const prescreen = await this.verifier.verify({ input, attempt, sandbox: policy.magicValues, today: now.slice(0, 10) });
    const route = routeScreened(prescreen, { accepted: policy.accepted, magicValues: policy.magicValues, providerConfigured: this.providerConfigured, type: input.type });
    const attemptId = uuidv7();
    const base = attemptEntry(this.fingerprintKey, input, attempt, prescreen);
    const fraud = prescreen.reasons.includes('fraud.suspected');
    switch (route.kind) {
      case 'decided': {
        const basis: VerificationBasis | undefined = route.basis;
        const record =
          basis === undefined
            ? undefined
            : verificationRecord(basis, { kind: 'system', via: 'sandbox_rules' }, now, [{ kind: 'rules', attemptId, score: prescreen.score, reasons: prescreen.reasons }]);
        return {
          action: { kind: 'verification', attempt, decision: route.decision, fraud, ...(record && { record }) },
          attempt: { ...base, id: attemptId, state: 'decided', ...(basis && { basis }), decidedAt: now },
          entry: (action, before, after) => ({
            action,
            before,
            after,
            reasonCode: prescreen.reasons.join(',') || 'verified',
            comment: `score ${prescreen.score}${basis ? '; sandbox: decided by the rules and magic values' : ''}`,
            ...(after === 'verified' && basis && { basis }),
          }),
        };
      }
      case 'documents':
        return {
          action: { kind: 'verification', attempt, decision: 'document', fraud: false },
          attempt: { ...base, id: attemptId, decision: 'document', state: 'decided', decidedAt: now },
          entry: (action, before, after) => ({ action, before, after, reasonCode: route.reason, comment: `score ${prescreen.score}; ${DOCUMENTS_BECAUSE[route.reason]}` }),
        };
      case 'ask_provider':
        return {
          action: { kind: 'verificationRequested', attempt, attemptId },
          attempt: { ...base, id: attemptId, decision: 'pending', state: 'pending', nextTryAt: now },
          entry: (action, before, after) => ({
            action,
            before,
            after,
            reasonCode: 'verification.pending',
            comment: `score ${prescreen.score}; the identity-data provider is asked (attempt ${attemptId})`,
          }),
        };
    }
  }
}
