import type { ProviderAnswer, ProviderReason, ProviderRequest, ProviderResult } from '../../domain/verification/identity-provider.js';

/** The JSON body Verity posts: the request with every undefined field left out. */
export function requestBody(request: ProviderRequest): { reference: string; customer: Record<string, string> } {
  const customer: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.customer)) if (value !== undefined) customer[name] = value as string;
  return { reference: request.reference, customer };
}

/** The body as kept in the exchange: `customer.ssn` replaced by `customer.ssnLast4`. */
export function recordedRequest(body: ReturnType<typeof requestBody>): unknown {
  const { ssn, ...customer } = body.customer;
  if (ssn === undefined) return { reference: body.reference, customer };
  return { reference: body.reference, customer: { ...customer, ssnLast4: ssn.replace(/\D/g, '').slice(-4) } };
}

/**
 * Hides a full SSN wherever it occurs in `value` (strings, nested in arrays and objects), however
 * its digits are separated: a provider that echoes the request must not bring it into the record.
 * Only a full SSN (nine digits) is hidden; the last four alone are kept on purpose.
 */
export function hideSsn<T>(value: T, ssn: string | undefined): T {
  const digits = ssn?.replace(/\D/g, '') ?? '';
  if (digits.length < 9) return value;
  const pattern = new RegExp(digits.split('').join('[\\s.-]?'), 'g');
  const hide = (item: unknown): unknown => {
    if (typeof item === 'string') return item.replace(pattern, '[ssn]');
    if (Array.isArray(item)) return item.map(hide);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [hide(key), hide(inner)]));
    return item;
  };
  return hide(value) as T;
}

const RESULTS: readonly string[] = ['match', 'no_match', 'review'] satisfies ProviderResult[];

/** The provider's answer when `json` has the contract's shape, else what is wrong with it. */
export function parseAnswer(json: unknown): ProviderAnswer | { problem: string } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { problem: 'the answer is not a JSON object' };
  const { result, reference, reasons } = json as Record<string, unknown>;
  if (typeof result !== 'string' || !RESULTS.includes(result)) return { problem: 'result is not match, no_match or review' };
  if (typeof reference !== 'string' || reference.trim() === '') return { problem: 'reference is not a non-empty string' };
  if (reasons === undefined) return { result: result as ProviderResult, reference, reasons: [] };
  if (!Array.isArray(reasons) || !reasons.every(isReason)) return { problem: 'reasons is not a list of {code, description} strings' };
  return { result: result as ProviderResult, reference, reasons: reasons.map(({ code, description }) => ({ code, description })) };
}

function isReason(item: unknown): item is ProviderReason {
  if (item === null || typeof item !== 'object') return false;
  const { code, description } = item as Record<string, unknown>;
  return typeof code === 'string' && typeof description === 'string';
}
