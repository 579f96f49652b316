import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DialectStatusInput, type DialectStatuses, dialectStatuses } from './dialect-status.js';

// DESIGN §4, row by row.
const TABLE: Array<[string, DialectStatusInput, DialectStatuses]> = [
  ['unverified, nothing submitted', { status: 'unverified', reviewState: 'none' }, { dwolla: 'unverified', veratad: 'PENDING', delos: 'NEW', tenpay: 50 }],
  ['open review awaiting first review', { status: 'document', reviewState: 'awaiting_review' }, { dwolla: 'document', veratad: 'PENDING', delos: 'READY_FOR_MODERATION', tenpay: 150 }],
  ['approved once, awaiting four-eyes', { status: 'document', reviewState: 'awaiting_confirmation' }, { dwolla: 'document', veratad: 'PENDING', delos: 'MODERATED', tenpay: 150 }],
  ['retry', { status: 'retry', reviewState: 'none' }, { dwolla: 'retry', veratad: 'PENDING', delos: 'VERIFY', tenpay: 150 }],
  ['document', { status: 'document', reviewState: 'none' }, { dwolla: 'document', veratad: 'PENDING', delos: 'VERIFY', tenpay: 150 }],
  ['verified', { status: 'verified', reviewState: 'none' }, { dwolla: 'verified', veratad: 'PASS', delos: 'ACCEPT', tenpay: 200 }],
  ['suspended after failed verification', { status: 'suspended', reviewState: 'none', suspensionCause: 'verification' }, { dwolla: 'suspended', veratad: 'FAIL', delos: 'REJECT', tenpay: 400 }],
  ['suspended after rejection in review', { status: 'suspended', reviewState: 'none', suspensionCause: 'review' }, { dwolla: 'suspended', veratad: 'FAIL', delos: 'REJECT', tenpay: 400 }],
  ['suspended administratively', { status: 'suspended', reviewState: 'none', suspensionCause: 'administrative' }, { dwolla: 'suspended', veratad: 'FAIL', delos: 'BANNED', tenpay: 400 }],
  ['suspended for fraud', { status: 'suspended', reviewState: 'none', suspensionCause: 'fraud' }, { dwolla: 'suspended', veratad: 'FAIL', delos: 'BANNED', tenpay: 400 }],
  ['deactivated', { status: 'deactivated', reviewState: 'none' }, { dwolla: 'deactivated', veratad: 'PENDING', delos: 'BANNED', tenpay: 300 }],
  ['closed', { status: 'closed', reviewState: 'none' }, { dwolla: 'deactivated', veratad: 'FAIL', delos: 'BANNED', tenpay: 350 }],
  ['deactivated wins over an open review', { status: 'deactivated', reviewState: 'awaiting_review' }, { dwolla: 'deactivated', veratad: 'PENDING', delos: 'BANNED', tenpay: 300 }],
];

for (const [name, input, expected] of TABLE) {
  test(`dialect statuses: ${name}`, () => {
    assert.deepEqual(dialectStatuses(input), expected);
  });
}
