/**
 * Money as google.type.Money: a currency, whole `units` and `nanos` (10^-9 units). Amounts are
 * carried as one BigInt count of nanos and never touch floating point. `units` travels as a
 * string because a JSON number loses digits beyond 2^53.
 */
import type { FieldProblem } from '../errors.js';
import { isCurrencyCode } from './currencies.js';
import { statedProblem } from '../field-problems.js';

export interface Money {
  /** ISO 4217 alphabetic code, e.g. "USD". */
  readonly currencyCode: string;
  /** A whole number, possibly negative, e.g. "12" or "-3"; never "-0". */
  readonly units: string;
  /** -999,999,999..999,999,999; same sign as `units` when both are non-zero. */
  readonly nanos: number;
}

export const NANOS_PER_UNIT = 1_000_000_000n;
/** Longest `units` accepted (sign not counted): up to 999,999,999,999,999. */
export const MAX_UNITS_DIGITS = 15;

const MAX_NANOS = 999_999_999;
/** The largest amount Money can carry here, in nanos: 999,999,999,999,999.999999999 (no balance may exceed it). */
export const MAX_AMOUNT_NANOS = 10n ** BigInt(MAX_UNITS_DIGITS) * NANOS_PER_UNIT - 1n;
const UNITS_PATTERN = /^-?(0|[1-9][0-9]*)$/;

export type MoneyParseResult =
  | { ok: true; currencyCode: string; nanos: bigint }
  | { ok: false; problems: FieldProblem[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Absent, null and "" mean "not given", as everywhere else in the API. */
const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';
const sign = (n: bigint): -1 | 0 | 1 => (n < 0n ? -1 : n > 0n ? 1 : 0);

function checkCurrencyCode(value: unknown, pointer: string, out: FieldProblem[]): string | undefined {
  if (isMissing(value)) {
    out.push(statedProblem(pointer, 'Required', 'currencyCode is required, e.g. "USD".'));
  } else if (typeof value !== 'string') {
    out.push(statedProblem(pointer, 'InvalidFormat', 'currencyCode must be a string, e.g. "USD".'));
  } else if (!/^[A-Z]{3}$/.test(value)) {
    out.push(statedProblem(pointer, 'InvalidFormat', `currencyCode must be three uppercase letters, e.g. "USD"; got ${JSON.stringify(value)}.`));
  } else if (!isCurrencyCode(value)) {
    out.push(statedProblem(pointer, 'Invalid', `${value} is not an ISO 4217 currency code.`));
  } else {
    return value;
  }
  return undefined;
}

function checkUnits(value: unknown, pointer: string, out: FieldProblem[]): bigint | undefined {
  if (isMissing(value)) {
    out.push(statedProblem(pointer, 'Required', 'units is required: the whole units of the amount as a string, e.g. "12".'));
  } else if (typeof value === 'number') {
    out.push(statedProblem(pointer, 'InvalidFormat', `units must be a string, not a JSON number, so that no digits are lost: send ${Number.isSafeInteger(value) ? `"${value}" rather than ${value}` : 'e.g. "12"'}.`));
  } else if (typeof value !== 'string') {
    out.push(statedProblem(pointer, 'InvalidFormat', 'units must be a string of digits, e.g. "12" or "-3".'));
  } else if (value === '-0') {
    out.push(statedProblem(pointer, 'InvalidFormat', 'units must not be "-0"; zero is "0" (a negative fraction goes in nanos).'));
  } else if (!UNITS_PATTERN.test(value)) {
    out.push(statedProblem(pointer, 'InvalidFormat', 'units must be a whole number written as digits with an optional leading "-", no leading zeros, spaces, "+", exponent or decimal point, e.g. "12" or "-3".'));
  } else if (value.replace('-', '').length > MAX_UNITS_DIGITS) {
    out.push(statedProblem(pointer, 'Invalid', `units must have at most ${MAX_UNITS_DIGITS} digits.`));
  } else {
    return BigInt(value);
  }
  return undefined;
}

function checkNanos(value: unknown, pointer: string, out: FieldProblem[]): bigint | undefined {
  if (value === undefined || value === null) return 0n;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    out.push(statedProblem(pointer, 'InvalidFormat', 'nanos must be an integer number of billionths of a unit, e.g. 500000000 for 0.5.'));
  } else if (value < -MAX_NANOS || value > MAX_NANOS) {
    out.push(statedProblem(pointer, 'Invalid', `nanos must be between -${MAX_NANOS} and ${MAX_NANOS}; carry whole units in units.`));
  } else {
    return BigInt(value);
  }
  return undefined;
}

/** The field checks; `nanos` is the whole amount when units and nanos are good, whatever the currency. */
function check(value: unknown, pointer: string): { currencyCode?: string; nanos?: bigint; problems: FieldProblem[] } {
  if (!isObject(value)) {
    const problem: FieldProblem = statedProblem(pointer, 'InvalidFormat', 'Money must be a JSON object with currencyCode, units and nanos, e.g. {"currencyCode": "USD", "units": "12", "nanos": 500000000}.');
    return { problems: [problem] };
  }
  const problems: FieldProblem[] = [];
  const currencyCode = checkCurrencyCode(value.currencyCode, `${pointer}/currencyCode`, problems);
  const units = checkUnits(value.units, `${pointer}/units`, problems);
  const nanos = checkNanos(value.nanos, `${pointer}/nanos`, problems);
  if (units === undefined || nanos === undefined) return { currencyCode, problems };
  if (sign(units) * sign(nanos) < 0) {
    problems.push(statedProblem(`${pointer}/nanos`, 'Invalid', `nanos must have the same sign as units (units ${units}, nanos ${nanos}); for a negative amount both are negative, e.g. units "-1" and nanos -500000000 for -1.5.`));
    return { currencyCode, problems };
  }
  return { currencyCode, nanos: units * NANOS_PER_UNIT + nanos, problems };
}

function result(checked: ReturnType<typeof check>): MoneyParseResult {
  const { currencyCode, nanos, problems } = checked;
  if (problems.length > 0 || currencyCode === undefined || nanos === undefined) return { ok: false, problems };
  return { ok: true, currencyCode, nanos };
}

/**
 * Reads a google.type.Money-shaped JSON value. On success `nanos` is the whole amount in nanos
 * (units × 10^9 + nanos); otherwise every problem found, addressed under `pointer`. A missing
 * nanos means 0; fields other than currencyCode, units and nanos are ignored.
 */
export function parseMoney(value: unknown, pointer: string): MoneyParseResult {
  return result(check(value, pointer));
}

/** parseMoney for an amount that must be greater than zero (a payment, a fee, a limit). */
export function parsePositiveAmount(value: unknown, pointer: string): MoneyParseResult {
  const checked = check(value, pointer);
  if (checked.nanos !== undefined && checked.nanos <= 0n) {
    checked.problems.push(statedProblem(pointer, 'Invalid', `The amount must be greater than zero; got ${formatAmount(checked.nanos)}.`));
  }
  return result(checked);
}

/** Canonical Money for an amount in nanos: units truncated towards zero, nanos with the same sign. */
export function toMoney(currencyCode: string, nanos: bigint): Money {
  // BigInt division truncates towards zero and the remainder takes the dividend's sign.
  return { currencyCode, units: (nanos / NANOS_PER_UNIT).toString(), nanos: Number(nanos % NANOS_PER_UNIT) };
}

/** "12.5", "-0.000000001", "3": the decimal amount, trailing zeros of the fraction dropped. */
function formatAmount(nanos: bigint): string {
  const magnitude = nanos < 0n ? -nanos : nanos;
  const whole = (magnitude / NANOS_PER_UNIT).toString();
  const fraction = (magnitude % NANOS_PER_UNIT).toString().padStart(9, '0').replace(/0+$/, '');
  return `${nanos < 0n ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** For messages: "12.500000001 USD", "-0.5 USD", "3 EUR". */
export function formatMoney(money: Money): string {
  return `${formatAmount(BigInt(money.units) * NANOS_PER_UNIT + BigInt(money.nanos))} ${money.currencyCode}`;
}
