import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../errors.js';
import type { VerificationResult } from './identity-verifier.js';
import { acceptedBases, assertBasisAccepted, availableBases, checkChosenBases, decisionForProviderResult, routeScreened } from './verification-policy.js';

const plausible: VerificationResult = { score: 95, decision: 'verified', reasons: ['ssn.last4_only'] };
const production = { accepted: ['identity_provider', 'document_review'] as const, magicValues: false, providerConfigured: true, type: 'personal' as const };

describe('the rules pre-screen; they do not verify', () => {
  test('what the rules refuse stands: retry, document, suspended', () => {
    for (const decision of ['retry', 'document', 'suspended'] as const) {
      assert.deepEqual(routeScreened({ ...plausible, decision }, production), { kind: 'decided', decision });
    }
  });

  test('outside sandbox a plausible identity goes to the provider, or to documents, never to verified', () => {
    assert.deepEqual(routeScreened(plausible, production), { kind: 'ask_provider' });
    assert.deepEqual(routeScreened(plausible, { ...production, providerConfigured: false }), { kind: 'documents', reason: 'no_identity_provider' });
    assert.deepEqual(routeScreened(plausible, { ...production, accepted: ['document_review'] }), { kind: 'documents', reason: 'provider_not_accepted' });
    assert.deepEqual(routeScreened(plausible, { ...production, type: 'business' }), { kind: 'documents', reason: 'business_identity' });
  });

  test('in sandbox the rules and magic values verify, on basis sandbox, unless the tenant declines that basis', () => {
    const sandbox = { ...production, magicValues: true, accepted: ['identity_provider', 'document_review', 'sandbox'] as const };
    assert.deepEqual(routeScreened(plausible, sandbox), { kind: 'decided', decision: 'verified', basis: 'sandbox' });
    assert.deepEqual(routeScreened(plausible, { ...sandbox, accepted: ['document_review'] }), { kind: 'documents', reason: 'provider_not_accepted' });
  });
});

describe("the provider's answer (Dwolla's path)", () => {
  test('match verifies; no_match allows the one retry, then documents; review asks for documents', () => {
    assert.equal(decisionForProviderResult('match', 'initial'), 'verified');
    assert.equal(decisionForProviderResult('match', 'retry'), 'verified');
    assert.equal(decisionForProviderResult('no_match', 'initial'), 'retry');
    assert.equal(decisionForProviderResult('no_match', 'retry'), 'document');
    assert.equal(decisionForProviderResult('review', 'initial'), 'document');
  });
});

describe('per-tenant policy', () => {
  test('available bases: attestation only where allowed, sandbox only with magic values', () => {
    assert.deepEqual(availableBases({ magicValues: false, mayAttest: false }), ['identity_provider', 'document_review']);
    assert.deepEqual(availableBases({ magicValues: true, mayAttest: true }), ['identity_provider', 'document_review', 'tenant_attestation', 'sandbox']);
  });

  test('a choice only narrows: a basis that became unavailable is not accepted, whatever was chosen', () => {
    assert.deepEqual(acceptedBases(undefined, { magicValues: false, mayAttest: true }), ['identity_provider', 'document_review', 'tenant_attestation']);
    assert.deepEqual(acceptedBases(['tenant_attestation', 'document_review'], { magicValues: false, mayAttest: false }), ['document_review']);
  });

  test('choosing an unavailable basis, or none, is refused with the field named', () => {
    for (const chosen of [[], ['sandbox'], ['tenant_attestation']] as const) {
      assert.throws(
        () => checkChosenBases(chosen, availableBases({ magicValues: false, mayAttest: false })),
        (error: unknown) => error instanceof ValidationError && error.problems[0]?.pointer === '/verification/accept',
      );
    }
    checkChosenBases(['document_review'], availableBases({ magicValues: false, mayAttest: false }));
  });

  test('a verification on a basis the tenant does not accept is refused', () => {
    assert.throws(() => assertBasisAccepted('document_review', ['identity_provider']), /does not accept verification by document review/);
    assertBasisAccepted('document_review', ['document_review']);
  });
});
