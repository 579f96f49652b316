import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomerStatus, CustomerType } from '../customer/customer.js';
import type { ManualDecision } from '../customer/status-machine.js';
import { ForbiddenError, InvalidResourceStateError } from '../errors.js';
import { checkTenantDecision, type TenantDecisionFacts } from './tenant-decision.js';

const facts = (overrides: Partial<TenantDecisionFacts> & { type?: CustomerType; status?: CustomerStatus } = {}): TenantDecisionFacts => {
  const { type = 'personal', status = 'document', ...rest } = overrides;
  return { customer: { type, status }, mayAttest: true, ...rest };
};

describe('checkTenantDecision', () => {
  test('an allowed tenant approves a personal or business customer with no case open and no reviewer refusal', () => {
    for (const type of ['personal', 'business'] as const) {
      for (const last of [undefined, 'approve'] as const) {
        assert.doesNotThrow(() => checkTenantDecision('approve', facts({ type, ...(last && { lastReviewerDecision: last }) })));
      }
    }
  });

  test('approving needs the permission: Forbidden, whatever else holds', () => {
    assert.throws(() => checkTenantDecision('approve', facts({ mayAttest: false })), ForbiddenError);
    assert.throws(() => checkTenantDecision('approve', facts({ mayAttest: false, openCaseId: 'c' })), ForbiddenError);
  });

  test('rejecting and asking for documents need no permission', () => {
    for (const decision of ['reject', 'request_documents'] as const) {
      assert.doesNotThrow(() => checkTenantDecision(decision, facts({ mayAttest: false, type: 'unverified', lastReviewerDecision: 'reject' })));
    }
  });

  test('no decision of the tenant passes an open review case', () => {
    for (const decision of ['approve', 'reject', 'request_documents'] satisfies ManualDecision[]) {
      assert.throws(() => checkTenantDecision(decision, facts({ openCaseId: 'case-1' })), (e: unknown) => e instanceof InvalidResourceStateError && /case-1/.test(e.message));
    }
  });

  test('a customer without an identity (unverified, receive-only) is not attested', () => {
    for (const type of ['unverified', 'receive-only'] as const) {
      assert.throws(() => checkTenantDecision('approve', facts({ type })), InvalidResourceStateError);
    }
  });

  test("a reviewer's refusal stands against the tenant's approval", () => {
    for (const last of ['reject', 'request_documents'] as const) {
      assert.throws(() => checkTenantDecision('approve', facts({ lastReviewerDecision: last })), /cannot overturn/);
    }
  });
});
