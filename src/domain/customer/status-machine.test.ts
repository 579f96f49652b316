import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ForbiddenError, InvalidResourceStateError } from '../errors.js';
import { type Actor, CUSTOMER_STATUSES, type CustomerStatus } from './customer.js';
import type { VerificationRecord } from '../verification/basis.js';
import { ACTION_SOURCES, type StatusAction, type StatusState, transition } from './status-machine.js';

const tenant: Actor = { kind: 'tenant', id: 't' };
const admin: Actor = { kind: 'operator', id: 'o', role: 'admin' };
const reviewer: Actor = { kind: 'operator', id: 'r', role: 'reviewer' };

const state = (status: CustomerStatus, extra: Partial<StatusState> = {}): StatusState => ({
  type: 'personal',
  status,
  retryUsed: false,
  ...extra,
});

const RECORD: VerificationRecord = { basis: 'document_review', decidedAt: '2026-12-07T00:00:00.000Z', decidedBy: { kind: 'operator', id: 'r' }, evidence: [] };

const ACTIONS: StatusAction[] = [
  { kind: 'verification', attempt: 'initial', decision: 'verified', record: { ...RECORD, basis: 'identity_provider' } },
  { kind: 'verificationRequested', attempt: 'initial', attemptId: 'a' },
  { kind: 'deactivate' },
  { kind: 'reactivate' },
  { kind: 'suspend', cause: 'administrative' },
  { kind: 'reinstate' },
  { kind: 'close' },
  { kind: 'documentsApproved', record: RECORD },
  { kind: 'documentsRejected', final: false },
  { kind: 'manualDecision', decision: 'request_documents' },
  { kind: 'identityChanged' },
];

describe('every action from every status is either allowed or refused with InvalidResourceState', () => {
  for (const action of ACTIONS) {
    for (const status of CUSTOMER_STATUSES) {
      const allowed = ACTION_SOURCES[action.kind].includes(status);
      test(`${action.kind} from ${status}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const from = state(status, { statusBeforeDeactivation: 'verified', statusBeforeSuspension: 'verified' });
        if (!allowed) {
          assert.throws(() => transition(from, action, admin), InvalidResourceStateError);
          return;
        }
        if ((action.kind === 'verification' || action.kind === 'verificationRequested') && status === 'retry') {
          // An initial submission from retry is refused; the retry attempt is tested below.
          assert.throws(() => transition(from, action, admin), InvalidResourceStateError);
          return;
        }
        const result = transition(from, action, admin);
        assert.ok(result.state.status);
      });
    }
  }
});

describe('verification', () => {
  for (const decision of ['verified', 'retry', 'document', 'suspended'] as const) {
    test(`an initial submission moves unverified to ${decision} with its event`, () => {
      const result = transition(state('unverified'), { kind: 'verification', attempt: 'initial', decision, ...(decision === 'verified' && { record: RECORD }) }, tenant);
      assert.equal(result.state.status, decision);
      const topic = {
        verified: 'customer_verified',
        retry: 'customer_reverification_needed',
        document: 'customer_verification_document_needed',
        suspended: 'customer_suspended',
      }[decision];
      assert.deepEqual(result.topics, [topic]);
    });
  }

  test('a suspension by the verifier records its cause', () => {
    const result = transition(state('unverified'), { kind: 'verification', attempt: 'initial', decision: 'suspended' }, tenant);
    assert.equal(result.state.suspensionCause, 'verification');
  });

  test('a suspension for suspected fraud records fraud as its cause', () => {
    const result = transition(state('unverified'), { kind: 'verification', attempt: 'initial', decision: 'suspended', fraud: true }, tenant);
    assert.equal(result.state.suspensionCause, 'fraud');
  });

  test('the one retry is allowed from retry and used up', () => {
    const result = transition(state('retry'), { kind: 'verification', attempt: 'retry', decision: 'verified', record: RECORD }, tenant);
    assert.equal(result.state.status, 'verified');
    assert.equal(result.state.retryUsed, true);
  });

  test('a second retry is refused', () => {
    assert.throws(
      () => transition(state('retry', { retryUsed: true }), { kind: 'verification', attempt: 'retry', decision: 'verified', record: RECORD }, tenant),
      InvalidResourceStateError,
    );
  });

  for (const status of ['unverified', 'document', 'verified', 'suspended', 'deactivated', 'closed'] as const) {
    test(`a retry in status ${status} is refused`, () => {
      assert.throws(
        () => transition(state(status), { kind: 'verification', attempt: 'retry', decision: 'verified', record: RECORD }, tenant),
        InvalidResourceStateError,
      );
    });
  }

  test('a failed retry goes to document, never to retry again', () => {
    const result = transition(state('retry'), { kind: 'verification', attempt: 'retry', decision: 'retry' }, tenant);
    assert.equal(result.state.status, 'document');
  });

  test('unverified and receive-only customers cannot be verified without an upgrade', () => {
    for (const type of ['unverified', 'receive-only'] as const) {
      assert.throws(
        () => transition(state('unverified', { type }), { kind: 'verification', attempt: 'initial', decision: 'verified', record: RECORD }, tenant),
        InvalidResourceStateError,
      );
    }
  });
});

describe('deactivate and reactivate', () => {
  for (const status of ['unverified', 'retry', 'document', 'verified'] as const) {
    test(`reactivation returns ${status} to where it was`, () => {
      const deactivated = transition(state(status), { kind: 'deactivate' }, tenant);
      assert.equal(deactivated.state.status, 'deactivated');
      assert.deepEqual(deactivated.topics, ['customer_deactivated']);
      const back = transition(deactivated.state, { kind: 'reactivate' }, tenant);
      assert.equal(back.state.status, status);
      assert.equal(back.state.statusBeforeDeactivation, undefined);
      assert.deepEqual(back.topics, ['customer_activated']);
    });
  }

  test('a suspended customer cannot be deactivated (as on Dwolla)', () => {
    assert.throws(() => transition(state('suspended'), { kind: 'deactivate' }, tenant), InvalidResourceStateError);
  });
});

describe('suspend and reinstate', () => {
  test('only an admin operator reinstates, back to the status before suspension', () => {
    const suspended = transition(state('verified'), { kind: 'suspend', cause: 'administrative' }, tenant);
    assert.equal(suspended.state.status, 'suspended');
    assert.equal(suspended.state.suspensionCause, 'administrative');
    assert.throws(() => transition(suspended.state, { kind: 'reinstate' }, tenant), ForbiddenError);
    assert.throws(() => transition(suspended.state, { kind: 'reinstate' }, reviewer), ForbiddenError);
    const back = transition(suspended.state, { kind: 'reinstate' }, admin);
    assert.equal(back.state.status, 'verified');
    assert.equal(back.state.suspensionCause, undefined);
    assert.deepEqual(back.topics, ['customer_activated']);
  });

  test('a deactivated customer can be suspended and is reinstated to deactivated', () => {
    const deactivated = transition(state('verified'), { kind: 'deactivate' }, tenant).state;
    const suspended = transition(deactivated, { kind: 'suspend', cause: 'fraud' }, tenant).state;
    assert.equal(transition(suspended, { kind: 'reinstate' }, admin).state.status, 'deactivated');
  });

  test('suspending twice is refused', () => {
    assert.throws(() => transition(state('suspended'), { kind: 'suspend', cause: 'administrative' }, tenant), InvalidResourceStateError);
  });
});

describe('close', () => {
  test('closed is terminal: every action from it is refused', () => {
    const closed = transition(state('verified'), { kind: 'close' }, tenant);
    assert.equal(closed.state.status, 'closed');
    assert.deepEqual(closed.topics, ['customer_closed']);
    for (const action of ACTIONS) assert.throws(() => transition(closed.state, action, admin), InvalidResourceStateError);
  });
});

describe('document review', () => {
  test('approval verifies', () => {
    const result = transition(state('document'), { kind: 'documentsApproved', record: RECORD }, reviewer);
    assert.equal(result.state.status, 'verified');
    assert.deepEqual(result.state.verification, RECORD);
    assert.deepEqual(result.topics, ['customer_verified']);
  });

  test('a retryable rejection stays in document; a final one suspends', () => {
    assert.equal(transition(state('document'), { kind: 'documentsRejected', final: false }, reviewer).state.status, 'document');
    const final = transition(state('document'), { kind: 'documentsRejected', final: true }, reviewer);
    assert.equal(final.state.status, 'suspended');
    assert.equal(final.state.suspensionCause, 'review');
  });
});

test('every status is reachable from unverified', () => {
  const reached = new Set<CustomerStatus>(['unverified']);
  const frontier: StatusState[] = [state('unverified')];
  const actions: StatusAction[] = [
    ...(['verified', 'retry', 'document', 'suspended'] as const).flatMap((decision) => [
      { kind: 'verification', attempt: 'initial', decision } as const,
      { kind: 'verification', attempt: 'retry', decision } as const,
    ]),
    ...ACTIONS.filter((a) => a.kind !== 'verification'),
    { kind: 'documentsRejected', final: true },
  ];
  while (frontier.length > 0) {
    const current = frontier.pop() as StatusState;
    for (const action of actions) {
      try {
        const next = transition(current, action, admin).state;
        if (!reached.has(next.status)) {
          reached.add(next.status);
          frontier.push(next);
        }
      } catch {
        // refused: not an edge
      }
    }
  }
  assert.deepEqual([...reached].sort(), [...CUSTOMER_STATUSES].sort());
});

describe('manual decisions (an application reviewed by hand, or the tenant deciding itself)', () => {
  for (const from of ['unverified', 'retry', 'document'] as const) {
    test(`approve moves ${from} to verified with customer_verified`, () => {
      const result = transition(state(from), { kind: 'manualDecision', decision: 'approve', record: RECORD }, tenant);
      assert.equal(result.state.status, 'verified');
      assert.deepEqual(result.topics, ['customer_verified']);
    });
  }
  test('approving a verified customer again is refused', () => {
    assert.throws(() => transition(state('verified'), { kind: 'manualDecision', decision: 'approve', record: RECORD }, tenant), InvalidResourceStateError);
  });
  for (const from of ['unverified', 'retry', 'document', 'verified'] as const) {
    test(`reject moves ${from} to suspended for review, remembering ${from}`, () => {
      const result = transition(state(from), { kind: 'manualDecision', decision: 'reject' }, tenant);
      assert.equal(result.state.status, 'suspended');
      assert.equal(result.state.suspensionCause, 'review');
      assert.equal(result.state.statusBeforeSuspension, from);
      assert.deepEqual(result.topics, ['customer_suspended']);
    });
    test(`request documents moves ${from} to document`, () => {
      const result = transition(state(from), { kind: 'manualDecision', decision: 'request_documents' }, tenant);
      assert.equal(result.state.status, 'document');
      assert.deepEqual(result.topics, ['customer_verification_document_needed']);
    });
  }
  for (const from of ['suspended', 'deactivated', 'closed'] as const) {
    test(`no manual decision moves a ${from} customer (reinstating is an admin's)`, () => {
      for (const decision of ['approve', 'reject', 'request_documents'] as const) {
        assert.throws(() => transition(state(from), { kind: 'manualDecision', decision }, tenant), InvalidResourceStateError);
      }
    });
  }
});

describe('identity changed (names or date of birth)', () => {
  test('a verified customer needs identity documents again', () => {
    const result = transition(state('verified'), { kind: 'identityChanged' }, tenant);
    assert.equal(result.state.status, 'document');
    assert.deepEqual(result.topics, ['customer_verification_document_needed']);
  });
  test('a deactivated customer that was verified comes back needing documents', () => {
    const result = transition(state('deactivated', { statusBeforeDeactivation: 'verified' }), { kind: 'identityChanged' }, tenant);
    assert.equal(result.state.status, 'deactivated');
    assert.equal(result.state.statusBeforeDeactivation, 'document');
    assert.deepEqual(result.topics, []);
  });
  for (const from of ['unverified', 'retry', 'document'] as const) {
    test(`a ${from} customer keeps its status: what verifies it later judges the new identity`, () => {
      const result = transition(state(from), { kind: 'identityChanged' }, tenant);
      assert.equal(result.state.status, from);
      assert.deepEqual(result.topics, []);
    });
  }
  for (const from of ['suspended', 'closed'] as const) {
    test(`a ${from} customer takes no new identity`, () => {
      assert.throws(() => transition(state(from), { kind: 'identityChanged' }, tenant), InvalidResourceStateError);
    });
  }
});

describe('verification on evidence', () => {
  test('no arrival in verified without a named basis', () => {
    assert.throws(() => transition(state('unverified'), { kind: 'verification', attempt: 'initial', decision: 'verified' }, tenant), /basis/);
    assert.throws(() => transition(state('unverified'), { kind: 'manualDecision', decision: 'approve' }, tenant), /basis/);
  });

  test('the record stays through suspension and reinstatement, and goes when documents are needed again', () => {
    const verified = transition(state('document'), { kind: 'documentsApproved', record: RECORD }, reviewer).state;
    const suspended = transition(verified, { kind: 'suspend', cause: 'administrative' }, admin).state;
    assert.deepEqual(suspended.verification, RECORD);
    const back = transition(suspended, { kind: 'reinstate' }, admin).state;
    assert.equal(back.status, 'verified');
    assert.deepEqual(back.verification, RECORD);
    const changed = transition(back, { kind: 'identityChanged' }, tenant).state;
    assert.equal(changed.status, 'document');
    assert.equal(changed.verification, undefined);
  });

  test('while the provider is asked the status stays, and no second identity may be submitted', () => {
    const pending = transition(state('unverified'), { kind: 'verificationRequested', attempt: 'initial', attemptId: 'a1' }, tenant);
    assert.equal(pending.state.status, 'unverified');
    assert.equal(pending.state.pendingAttemptId, 'a1');
    assert.deepEqual(pending.topics, []);
    assert.throws(() => transition(pending.state, { kind: 'verificationRequested', attempt: 'initial', attemptId: 'a2' }, tenant), /in progress/);
    assert.throws(() => transition(pending.state, { kind: 'verification', attempt: 'initial', decision: 'retry' }, tenant), /in progress/);
  });
});

describe('screening holds', () => {
  const held = { status: 'potential_match' as const, held: true, screenedAt: '2026-12-07T00:00:00.000Z', subjectHash: 's', lists: [] };
  const base = { type: 'personal' as const, status: 'document' as const, retryUsed: false, screening: held };
  const record = { basis: 'document_review' as const, decidedAt: '2026-12-07T00:00:00.000Z', decidedBy: { kind: 'operator' as const, id: 'op' }, evidence: [] };
  const system = { kind: 'system' as const };

  test('a verification decided while a hit holds the customer waits, and takes effect when the hold lifts', () => {
    const parked = transition(base, { kind: 'documentsApproved', record }, system);
    assert.equal(parked.state.status, 'document');
    assert.deepEqual(parked.topics, []);
    assert.deepEqual(parked.state.heldVerification, record);
    const cleared = transition(parked.state, { kind: 'screeningChanged', screening: { ...held, status: 'clear', held: false } }, system);
    assert.equal(cleared.state.status, 'verified');
    assert.deepEqual(cleared.state.verification, record);
    assert.equal(cleared.state.heldVerification, undefined);
    assert.deepEqual(cleared.topics, ['customer_verified']);
  });

  test('a confirmed match suspends, for screening, and drops a held verification', () => {
    const parked = transition(base, { kind: 'documentsApproved', record }, system);
    const confirmed = transition(parked.state, { kind: 'screeningChanged', screening: { ...held, status: 'confirmed_match' } }, system);
    assert.equal(confirmed.state.status, 'suspended');
    assert.equal(confirmed.state.suspensionCause, 'screening');
    assert.equal(confirmed.state.heldVerification, undefined);
  });

  test('no identity is submitted while a decided verification waits for the screening review', () => {
    const parked = transition({ ...base, status: 'unverified' }, { kind: 'verification', attempt: 'initial', decision: 'verified', record }, system);
    assert.equal(parked.state.status, 'unverified');
    assert.throws(() => transition(parked.state, { kind: 'verification', attempt: 'initial', decision: 'verified', record }, system), /screening review/);
  });
});
