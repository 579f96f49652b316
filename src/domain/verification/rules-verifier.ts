/**
 * The built-in identity verifier: deterministic rules, no I/O. The rules are in field-rules.ts
 * and ssn-rules.ts, the weights and thresholds in scoring.ts, the fields read in
 * identity-fields.ts.
 */
import type { IdentityVerifier, VerificationDecision, VerificationRequest, VerificationResult } from './identity-verifier.js';
import {
  dateOfBirthProblem,
  isAcceptablePassport,
  isPlausibleName,
  isValidEin,
  isValidEmail,
  isValidPhone,
  usAddressProblem,
} from './field-rules.js';
import { identityFields, type ControllerFields, type IdentityFields, type UsAddressFields } from './identity-fields.js';
import { assessSsn } from './ssn-rules.js';
import { DECISION_SEVERITY, SANDBOX_SCORES, decide, scoreOf, type ReasonCode } from './scoring.js';

export { fingerprintFields } from './identity-fields.js';
export type { ReasonCode } from './scoring.js';

/** Sandbox reason codes: `sandbox.forced_verified` and so on. */
export type SandboxReasonCode = `sandbox.forced_${VerificationDecision}`;

type Prefix = '' | 'controller.';

interface Person {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly dateOfBirth?: string;
  readonly ssn?: string;
}

/** What the rules found: reasons in rule order, each once. */
class Findings {
  readonly reasons: ReasonCode[] = [];
  fraudSignal = false;
  hasIdentityNumber = false;

  add(reason: ReasonCode): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }
}

function checkNames(findings: Findings, prefix: Prefix, person: Person): void {
  if (!isPlausibleName(person.firstName) || !isPlausibleName(person.lastName)) findings.add(`${prefix}name.implausible`);
}

function checkAddress(findings: Findings, prefix: Prefix, address: UsAddressFields): void {
  const problem = usAddressProblem(address.state, address.postalCode);
  if (problem !== undefined) findings.add(`${prefix}address.${problem}`);
}

/** Date of birth and SSN; returns false when there is no SSN (the caller decides what that means). */
function checkDobAndSsn(findings: Findings, prefix: Prefix, person: Person, today: string): boolean {
  const dob = dateOfBirthProblem(person.dateOfBirth, today);
  if (dob !== undefined) findings.add(`${prefix}dob.${dob}`);
  if (person.ssn === undefined) return false;
  const ssn = assessSsn(person.ssn);
  if (ssn.form === 'last4') findings.add(`${prefix}ssn.last4_only`);
  if (!ssn.valid) findings.add(`${prefix}ssn.invalid`);
  if (ssn.knownInvalid) findings.add(`${prefix}ssn.known_invalid`);
  if (ssn.knownInvalid || (!ssn.valid && dob === 'age_out_of_range')) findings.fraudSignal = true;
  return true;
}

function checkContact(findings: Findings, identity: IdentityFields): void {
  if (identity.email !== undefined && !isValidEmail(identity.email)) findings.add('email.invalid');
  if (identity.phone !== undefined && !isValidPhone(identity.phone)) findings.add('phone.invalid');
}

function checkController(findings: Findings, controller: ControllerFields | undefined, today: string): void {
  if (controller === undefined) {
    findings.add('controller.missing');
    return;
  }
  checkNames(findings, 'controller.', controller);
  if (checkDobAndSsn(findings, 'controller.', controller, today)) findings.hasIdentityNumber = true;
  else if (controller.passport === undefined) findings.add('controller.ssn.missing');
  else if (isAcceptablePassport(controller.passport.number, controller.passport.country)) findings.hasIdentityNumber = true;
  else findings.add('controller.passport.invalid');
  if (controller.address.country === 'US') checkAddress(findings, 'controller.', controller.address);
}

function findingsFor(identity: IdentityFields, today: string): Findings {
  const findings = new Findings();
  checkNames(findings, '', identity);
  checkContact(findings, identity);
  checkAddress(findings, '', identity.address);
  if (identity.kind !== 'personal' && !isPlausibleName(identity.businessName)) findings.add('business.name_implausible');
  if (identity.kind === 'controlledBusiness') {
    if (identity.ein === undefined) findings.add('ein.missing');
    else if (!isValidEin(identity.ein)) findings.add('ein.invalid');
    checkController(findings, identity.controller, today);
  } else {
    if (identity.kind === 'soleProprietorship' && identity.ein !== undefined && !isValidEin(identity.ein)) findings.add('ein.invalid');
    if (checkDobAndSsn(findings, '', identity, today)) findings.hasIdentityNumber = true;
    else findings.add('ssn.missing');
  }
  if (findings.fraudSignal) findings.add('fraud.suspected');
  return findings;
}

/**
 * The outcome a sandbox magic value forces, if any: the first name of a person; the business
 * name or the controller's first name of a business (the proprietor's first name for a sole
 * proprietorship), the more severe winning.
 */
function sandboxDecision(identity: IdentityFields): VerificationDecision | undefined {
  const magic =
    identity.kind === 'personal'
      ? [identity.firstName]
      : [identity.businessName, identity.kind === 'soleProprietorship' ? identity.firstName : identity.controller?.firstName];
  return DECISION_SEVERITY.find((decision) => magic.includes(decision));
}

/** The verifier's decision, synchronously; RulesVerifier.verify wraps it. */
export function verifyByRules(request: VerificationRequest): VerificationResult {
  const identity = identityFields(request.input);
  const attempt = request.attempt === 'initial' ? 'initial' : 'retry';
  const forced = request.sandbox === true ? sandboxDecision(identity) : undefined;
  if (forced !== undefined) {
    const decision = forced === 'retry' && attempt === 'retry' ? 'document' : forced;
    const reason: SandboxReasonCode = `sandbox.forced_${decision}`;
    return { score: SANDBOX_SCORES[decision], decision, reasons: [reason] };
  }
  const today = typeof request.today === 'string' ? request.today : '';
  const findings = findingsFor(identity, today);
  const score = scoreOf(findings.reasons);
  const decision = decide({ score, attempt, fraudSignal: findings.fraudSignal, hasIdentityNumber: findings.hasIdentityNumber });
  return { score, decision, reasons: findings.reasons };
}

/**
 * Deterministic, rule-based verification: the same request always gets the same result.
 * Never throws on odd input; it scores it.
 */
export class RulesVerifier implements IdentityVerifier {
  async verify(request: VerificationRequest): Promise<VerificationResult> {
    return verifyByRules(request);
  }
}
