/**
 * Field problems as data: what is wrong with one field (a reason from a closed set and its
 * parameters), not a sentence. Verity's own wording is `fieldDetail`; each dialect words the same
 * problem in its own terms from the reason and parameters, never by parsing English.
 */

/** The codes a field problem is answered with on the wire (native `errors[].code`, Dwolla's `code`). */
export const FIELD_PROBLEM_CODES = ['Required', 'Invalid', 'InvalidFormat', 'Duplicate', 'ReadOnly', 'NotAllowed'] as const;
export type FieldProblemCode = (typeof FIELD_PROBLEM_CODES)[number];

/**
 * Every reason a field can be refused for, with the parameters its wording needs. The "subject"
 * of a wording is the field's name: Verity's label (e.g. "FirstName") or a dialect's own name.
 */
export interface FieldReasonParams {
  /** "{subject} required." */
  Required: Record<string, never>;
  /** "{subject} must be a string." */
  NotText: Record<string, never>;
  /** "{subject} must be an object." */
  NotObject: Record<string, never>;
  /** "{subject} must be {max} or fewer characters." */
  TooLong: { readonly max: number };
  /** Characters that break HTML or templates where names are shown. */
  BannedCharacters: Record<string, never>;
  /** Unicode format or control characters (bidi overrides, zero-width spaces, line breaks...). */
  InvisibleCharacters: Record<string, never>;
  PoBox: Record<string, never>;
  HasDigits: Record<string, never>;
  StateFormat: Record<string, never>;
  /** "{subject} invalid.": the value has the right shape but is not a known or well-formed one. */
  Malformed: Record<string, never>;
  CountryCode: Record<string, never>;
  NotOneOf: { readonly values: readonly string[] };
  /** `format` is how the door asks for dates, e.g. "YYYY-MM-DD". */
  DateFormat: { readonly format: string };
  AgeRange: { readonly min: number; readonly max: number };
  SsnDigits: Record<string, never>;
  FullSsnOnRetry: Record<string, never>;
  UsPhone: Record<string, never>;
  E164Phone: { readonly min: number; readonly max: number };
  HttpUrl: Record<string, never>;
  IpAddress: Record<string, never>;
  Digits: { readonly count: number };
  ReferenceCharacters: Record<string, never>;
  /** Not allowed for this kind of customer; `who` is plural, e.g. "personal customers". */
  NotAllowedFor: { readonly who: string };
  ReadOnlyFor: { readonly type: string };
  /** A key that is no field; the subject is the key as sent. */
  UnknownField: { readonly key: string };
  DuplicateEmail: Record<string, never>;
  /** A NUL character, which no store keeps; the subject is the field as the request names it. */
  NulCharacter: { readonly name: string };
  /**
   * A rule of one service or door only, stated as a whole sentence that does not begin with the
   * field's name (a dialect may put its own name for the field in front).
   */
  Stated: { readonly text: string };
  /** A sentence that already names the field the way the door that raised it names it. */
  Named: { readonly text: string };
}
export type FieldReason = keyof FieldReasonParams;

interface FieldProblemBase {
  /** JSON pointer into the request, e.g. "/firstName"; "" for the whole body. */
  readonly pointer: string;
  readonly code: FieldProblemCode;
  /** Id of an existing resource this problem points at (e.g. the customer holding an email). */
  readonly resourceId?: string;
}

/** One problem with one field of the input, addressed by a JSON pointer. */
export type FieldProblem = {
  [R in FieldReason]: FieldProblemBase & { readonly reason: R; readonly params: FieldReasonParams[R] };
}[FieldReason];

/** A problem no dialect words for itself, in one sentence. */
export function statedProblem(pointer: string, code: FieldProblemCode, text: string): FieldProblem {
  return { pointer, code, reason: 'Stated', params: { text } };
}

/** A problem worded by the door that raised it, naming the field as that door names it. */
export function namedProblem(pointer: string, code: FieldProblemCode, text: string): FieldProblem {
  return { pointer, code, reason: 'Named', params: { text } };
}

/** "/controller/address/postalCode" → "Controller.Address.PostalCode": how Verity's details name a field. */
export const labelOf = (pointer: string): string =>
  pointer.split('/').slice(1).map((key) => key.charAt(0).toUpperCase() + key.slice(1)).join('.');

type Wording = { [R in FieldReason]: (subject: string, params: FieldReasonParams[R]) => string };

const WORDING: Wording = {
  Required: (s) => `${s} required.`,
  NotText: (s) => `${s} must be a string.`,
  NotObject: (s) => `${s} must be an object.`,
  TooLong: (s, p) => `${s} must be ${p.max} or fewer characters.`,
  BannedCharacters: (s) => `${s} must not contain any of < > = " \` ! ? % ~ $ { } \\.`,
  InvisibleCharacters: (s) => `${s} must not contain invisible or control characters (Unicode Cf or Cc, such as bidi overrides or zero-width spaces).`,
  PoBox: (s) => `${s} cannot be a PO Box.`,
  HasDigits: (s) => `${s} must not contain digits.`,
  StateFormat: (s) => `${s} must be a two-letter US state code.`,
  Malformed: (s) => `${s} invalid.`,
  CountryCode: (s) => `${s} must be a two-letter ISO 3166-1 country code.`,
  NotOneOf: (s, p) => `${s} must be one of: ${p.values.join(', ')}.`,
  DateFormat: (s, p) => `${s} must be a date in ${p.format} format.`,
  AgeRange: (s, p) => `${s} value not allowed: age must be between ${p.min} and ${p.max}.`,
  SsnDigits: (s) => `${s} invalid: give the last 4 or all 9 digits.`,
  FullSsnOnRetry: () => 'Full 9-digit SSN required on retry.',
  UsPhone: (s) => `${s} must be a 10-digit US number.`,
  E164Phone: (s, p) => `${s} must be an E.164 number: + and ${p.min} to ${p.max} digits.`,
  HttpUrl: (s) => `${s} must be an absolute http(s) URL.`,
  IpAddress: (s) => `${s} must be an IPv4 or IPv6 address.`,
  Digits: (s, p) => `${s} must be ${p.count} digits.`,
  ReferenceCharacters: (s) => `${s} may contain only letters, digits, ".", "_" and "-".`,
  NotAllowedFor: (s, p) => `${s} not allowed for ${p.who}.`,
  ReadOnlyFor: (s, p) => `${s} cannot be changed for ${/^[aeiou]/.test(p.type) ? 'an' : 'a'} ${p.type} customer.`,
  UnknownField: (s) => `${s} is not a customer field.`,
  DuplicateEmail: () => 'A customer with the specified email already exists.',
  NulCharacter: (s) => `${s} must not contain NUL characters.`,
  Stated: (_, p) => p.text,
  Named: (_, p) => p.text,
};

/** Reasons whose wording does not start with the field's name. */
const SUBJECTLESS: ReadonlySet<FieldReason> = new Set<FieldReason>(['FullSsnOnRetry', 'DuplicateEmail', 'Stated', 'Named']);

/** Whether the problem's wording begins with the field's name, so a dialect can put its own name there. */
export function namesItsField(problem: FieldProblem): boolean {
  return !SUBJECTLESS.has(problem.reason);
}

/** Verity's name for the problem's field: the label of its pointer (an unknown key, or a field with a NUL, as sent). */
export function subjectOf(problem: FieldProblem): string {
  if (problem.reason === 'UnknownField') return problem.params.key;
  if (problem.reason === 'NulCharacter') return problem.params.name;
  return labelOf(problem.pointer);
}

/** The problem in Verity's words (the native `detail`), the field named `subject`. */
export function fieldDetail(problem: FieldProblem, subject = subjectOf(problem)): string {
  const word = WORDING[problem.reason] as (subject: string, params: FieldProblem['params']) => string;
  return word(subject, problem.params);
}

/** The problem as Verity shows it: pointer, code and its wording as `detail` (the native API's `errors[]` item). */
export function wordedProblem(problem: FieldProblem): { pointer: string; code: FieldProblemCode; detail: string; resourceId?: string } {
  return {
    pointer: problem.pointer,
    code: problem.code,
    detail: fieldDetail(problem),
    ...(problem.resourceId !== undefined && { resourceId: problem.resourceId }),
  };
}
