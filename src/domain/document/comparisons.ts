import { nameScore } from '../screening/name-score.js';
import { nameTokens } from '../screening/normalize.js';
import type { DocumentType, FailureReason } from './document.js';
import type { BarcodeReading, Comparison, ComparedField, MrzReading } from './extraction.js';

/**
 * A document's readings compared with what the customer entered. Only what a check digit
 * vouches for is compared from a machine-readable zone (a date whose check digit fails reads as
 * `unreadable`, not as a mismatch); names have no check digit, so a name comparison is always
 * evidence to weigh, scored with the screening name matcher (one matcher for both).
 */

/** What the customer entered, for the comparisons. */
export interface CustomerFacts {
  readonly firstName: string;
  readonly lastName: string;
  /** `YYYY-MM-DD`, when the customer gave one. */
  readonly dateOfBirth?: string;
  /** What the document was uploaded as. */
  readonly declaredType: DocumentType;
}

export interface ComparisonPolicy {
  /** Today, `YYYY-MM-DD`. */
  readonly today: string;
  /** An ID must still be valid this many days from today. */
  readonly expiryMarginDays: number;
  /** ICAO/ISO alpha-3 codes (or AAMVA jurisdictions' countries) accepted; none set accepts all. */
  readonly issuingStates?: readonly string[];
}

/** At or above this a name on the document is the customer's (the screening review band's spirit, tighter). */
export const NAME_MATCH_THRESHOLD = 0.9;

/** The reason each field's mismatch suggests, in Dwolla's vocabulary; the reviewer confirms it. */
export const MISMATCH_REASONS: Record<ComparedField, FailureReason> = {
  name: 'ScanNameMismatch',
  dateOfBirth: 'ScanDobMismatch',
  expiration: 'ScanIdExpired',
  documentType: 'ScanIdUnrecognized',
  issuingState: 'ScanIdTypeNotSupported',
};

export function compareReadings(customer: CustomerFacts, readings: { mrz: MrzReading | null; barcode: BarcodeReading | null }, policy: ComparisonPolicy): Comparison[] {
  if (readings.mrz) return compareMrz(customer, readings.mrz, policy);
  if (readings.barcode) return compareBarcode(customer, readings.barcode, policy);
  return [];
}

/** The reasons the mismatches suggest, once each, in the comparisons' order. */
export function suggestedReasons(comparisons: readonly Comparison[]): FailureReason[] {
  return [...new Set(comparisons.filter((c) => c.result === 'mismatch').map((c) => MISMATCH_REASONS[c.field]))];
}

function compareMrz(customer: CustomerFacts, mrz: MrzReading, policy: ComparisonPolicy): Comparison[] {
  const { fields, checkDigits } = mrz;
  const out: Comparison[] = [compareName(customer, fields.surname, fields.givenNames, 'mrz')];
  out.push(compareDateOfBirth(customer, checkDigits.dateOfBirth ? fields.dateOfBirth : null, 'mrz', !checkDigits.dateOfBirth && fields.dateOfBirth !== null));
  out.push(compareExpiry(checkDigits.expirationDate ? fields.expirationDate : null, policy, 'mrz', !checkDigits.expirationDate && fields.expirationDate !== null));
  const type = compareType(customer.declaredType, typeOfMrzCode(fields.documentCode), fields.documentCode, 'mrz');
  if (type) out.push(type);
  const state = compareState(fields.issuingState, policy, 'mrz');
  if (state) out.push(state);
  return out;
}

function compareBarcode(customer: CustomerFacts, barcode: BarcodeReading, policy: ComparisonPolicy): Comparison[] {
  const { fields } = barcode;
  const out: Comparison[] = [
    compareName(customer, fields.surname, fields.givenNames, 'barcode'),
    compareDateOfBirth(customer, fields.dateOfBirth, 'barcode', false),
    compareExpiry(fields.expirationDate, policy, 'barcode', false),
  ];
  // An AAMVA barcode is on a driving licence or a state ID card: either may be declared as such.
  if (customer.declaredType === 'passport') {
    out.push({ field: 'documentType', result: 'mismatch', source: 'barcode', detail: 'Uploaded as a passport, but it carries a US/Canadian licence or ID barcode.', documentValue: 'AAMVA', customerValue: 'passport' });
  } else if (customer.declaredType !== 'other') {
    out.push({ field: 'documentType', result: 'match', source: 'barcode', detail: `A licence or ID card barcode, uploaded as ${customer.declaredType}.`, documentValue: 'AAMVA', customerValue: customer.declaredType });
  }
  const state = compareState(fields.country, policy, 'barcode');
  if (state) out.push(state);
  return out;
}

function compareName(customer: CustomerFacts, surname: string | null, givenNames: string | null, source: Comparison['source']): Comparison {
  const entered = `${customer.firstName} ${customer.lastName}`.trim();
  const read = [givenNames, surname].filter((part): part is string => part !== null && part.trim() !== '').join(' ');
  if (read === '') return { field: 'name', result: 'unreadable', source, detail: 'No name was read from the document.', customerValue: entered };
  // Either way round: the customer's name against the document's, each token used once.
  const match = nameScore(nameTokens(entered), nameTokens(read));
  const score = Math.round(match.score * 1000) / 1000;
  const result = score >= NAME_MATCH_THRESHOLD ? 'match' : 'mismatch';
  const detail = `"${read}" on the document against "${entered}": name score ${score.toFixed(2)}${result === 'mismatch' ? ` (below ${NAME_MATCH_THRESHOLD})` : ''}.`;
  return { field: 'name', result, source, detail, score, documentValue: read, customerValue: entered };
}

function compareDateOfBirth(customer: CustomerFacts, read: string | null, source: Comparison['source'], failedCheck: boolean): Comparison {
  if (read === null) {
    return { field: 'dateOfBirth', result: 'unreadable', source, detail: failedCheck ? 'The date of birth did not pass its check digit.' : 'No date of birth was read from the document.' };
  }
  if (customer.dateOfBirth === undefined) return { field: 'dateOfBirth', result: 'unreadable', source, detail: 'The customer gave no date of birth to compare with.', documentValue: read };
  const same = read === customer.dateOfBirth;
  return {
    field: 'dateOfBirth',
    result: same ? 'match' : 'mismatch',
    source,
    detail: same ? "The document's date of birth is the customer's." : "The document's date of birth differs from the customer's.",
    documentValue: read,
    customerValue: customer.dateOfBirth,
  };
}

function compareExpiry(read: string | null, policy: ComparisonPolicy, source: Comparison['source'], failedCheck: boolean): Comparison {
  if (read === null) {
    return { field: 'expiration', result: 'unreadable', source, detail: failedCheck ? 'The expiry date did not pass its check digit.' : 'No expiry date was read from the document.' };
  }
  const needed = addDays(policy.today, policy.expiryMarginDays);
  if (read >= needed) return { field: 'expiration', result: 'match', source, detail: `Valid until after ${policy.expiryMarginDays > 0 ? `today plus ${policy.expiryMarginDays} days` : 'today'}.`, documentValue: read };
  const detail = read < policy.today ? 'The document has expired.' : `The document expires within ${policy.expiryMarginDays} days.`;
  return { field: 'expiration', result: 'mismatch', source, detail, documentValue: read };
}

/** Whether an expiry read and vouched for is already past: the one finding that decides by itself. */
export function expiredBeyondDoubt(mrz: MrzReading | null, today: string): boolean {
  return mrz !== null && mrz.valid && mrz.fields.expirationDate !== null && mrz.fields.expirationDate < today;
}

/** The document type an MRZ document code stands for (ICAO 9303: P passports, I/A/C ID cards, D licences). */
function typeOfMrzCode(code: string | null): DocumentType | 'visa' | undefined {
  const first = code?.[0];
  if (first === 'P') return 'passport';
  if (first === 'I' || first === 'A' || first === 'C') return 'idCard';
  if (first === 'D') return 'license';
  if (first === 'V') return 'visa';
  return undefined;
}

function compareType(declared: DocumentType, read: DocumentType | 'visa' | undefined, code: string | null, source: Comparison['source']): Comparison | undefined {
  if (declared === 'other') return undefined;
  if (read === undefined) return { field: 'documentType', result: 'unreadable', source, detail: `The document code "${code ?? ''}" names no known type.`, customerValue: declared };
  const same = read === declared;
  return {
    field: 'documentType',
    result: same ? 'match' : 'mismatch',
    source,
    detail: same ? `Document code ${code}: a ${declared}, as uploaded.` : `Document code ${code}: a ${read}, but uploaded as ${declared}.`,
    documentValue: code ?? '',
    customerValue: declared,
  };
}

function compareState(state: string | null, policy: ComparisonPolicy, source: Comparison['source']): Comparison | undefined {
  const allowed = policy.issuingStates;
  if (allowed === undefined || allowed.length === 0) return undefined;
  if (state === null || state === '') return { field: 'issuingState', result: 'unreadable', source, detail: 'No issuing state was read from the document.' };
  const normal = state.replace(/</g, '');
  const ok = allowed.includes(normal);
  return {
    field: 'issuingState',
    result: ok ? 'match' : 'mismatch',
    source,
    detail: ok ? `Issued by ${normal}, which the tenant accepts.` : `Issued by ${normal}, which is not among the states the tenant accepts (${allowed.join(', ')}).`,
    documentValue: normal,
  };
}

function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
