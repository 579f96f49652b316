import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldDetail } from '../field-problems.js';
import { ISO_4217_CODES, isCurrencyCode } from './currencies.js';
import { formatMoney, MAX_UNITS_DIGITS, NANOS_PER_UNIT, parseMoney, parsePositiveAmount, toMoney } from './money.js';
import type { Money } from './money.js';

const P = '/amount';
/** JSON for assertion messages; results hold BigInts. */
const show = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** "pointer code" lines, the way the customer-rule tests compare problems. */
function summary(result: ReturnType<typeof parseMoney>): string[] {
  assert.equal(result.ok, false, 'expected problems');
  return result.ok ? [] : result.problems.map((p) => `${p.pointer} ${p.code}`);
}
function detailOf(result: ReturnType<typeof parseMoney>): string {
  assert.ok(!result.ok && result.problems.length === 1, `expected one problem, got ${show(result)}`);
  const [problem] = result.problems;
  return problem ? fieldDetail(problem) : '';
}
function amountOf(result: ReturnType<typeof parseMoney>): bigint {
  assert.ok(result.ok, `expected success, got ${show(result)}`);
  return result.nanos;
}
/** parse, then back to Money: the canonical form of what was sent. */
function roundTrip(money: unknown): Money {
  const result = parseMoney(money, P);
  assert.ok(result.ok, `expected success, got ${show(result)}`);
  return toMoney(result.currencyCode, result.nanos);
}

describe('currencies', () => {
  test('holds the active ISO 4217 codes', () => {
    for (const code of ['USD', 'EUR', 'BGN', 'GBP', 'JPY', 'CHF', 'XAU', 'XAG', 'XDR', 'XTS', 'SLE', 'ZWG', 'XCG', 'VED', 'UYW']) {
      assert.ok(ISO_4217_CODES.has(code), code);
    }
    assert.ok(ISO_4217_CODES.size > 170 && ISO_4217_CODES.size < 190, `size ${ISO_4217_CODES.size}`);
    assert.ok([...ISO_4217_CODES].every((code) => /^[A-Z]{3}$/.test(code)));
  });
  test('leaves out XXX and withdrawn codes', () => {
    for (const code of ['XXX', 'HRK', 'SLL', 'CUC', 'ZWL', 'ANG', 'DEM', 'VEF']) assert.ok(!ISO_4217_CODES.has(code), code);
  });
  test('isCurrencyCode', () => {
    assert.equal(isCurrencyCode('USD'), true);
    for (const value of ['usd', 'Usd', ' USD', 'USD ', 'US', 'USDD', 'ABC', 'XXX', '', 840, null, undefined, ['USD'], { code: 'USD' }]) {
      assert.equal(isCurrencyCode(value), false, JSON.stringify(value));
    }
  });
});

describe('parseMoney → toMoney round trips', () => {
  const cases: [string, object, Money][] = [
    ['whole positive', { currencyCode: 'USD', units: '12', nanos: 0 }, { currencyCode: 'USD', units: '12', nanos: 0 }],
    ['nanos missing means 0', { currencyCode: 'USD', units: '12' }, { currencyCode: 'USD', units: '12', nanos: 0 }],
    ['nanos null means 0', { currencyCode: 'USD', units: '12', nanos: null }, { currencyCode: 'USD', units: '12', nanos: 0 }],
    ['positive fraction', { currencyCode: 'EUR', units: '12', nanos: 500_000_001 }, { currencyCode: 'EUR', units: '12', nanos: 500_000_001 }],
    ['negative', { currencyCode: 'USD', units: '-3', nanos: -250_000_000 }, { currencyCode: 'USD', units: '-3', nanos: -250_000_000 }],
    ['negative whole', { currencyCode: 'JPY', units: '-1' }, { currencyCode: 'JPY', units: '-1', nanos: 0 }],
    ['zero', { currencyCode: 'USD', units: '0', nanos: 0 }, { currencyCode: 'USD', units: '0', nanos: 0 }],
    ['zero with nanos -0', { currencyCode: 'USD', units: '0', nanos: -0 }, { currencyCode: 'USD', units: '0', nanos: 0 }],
    ['only a fraction', { currencyCode: 'USD', units: '0', nanos: 1 }, { currencyCode: 'USD', units: '0', nanos: 1 }],
    ['a negative fraction under units "0"', { currencyCode: 'USD', units: '0', nanos: -500_000_000 }, { currencyCode: 'USD', units: '0', nanos: -500_000_000 }],
    ['max digits', { currencyCode: 'USD', units: '999999999999999', nanos: 999_999_999 }, { currencyCode: 'USD', units: '999999999999999', nanos: 999_999_999 }],
    ['max digits, negative', { currencyCode: 'USD', units: '-999999999999999', nanos: -999_999_999 }, { currencyCode: 'USD', units: '-999999999999999', nanos: -999_999_999 }],
    ['unknown fields ignored', { currencyCode: 'XAU', units: '2', nanos: 5, memo: 'x', units_: 1 }, { currencyCode: 'XAU', units: '2', nanos: 5 }],
  ];
  for (const [label, input, expected] of cases) {
    test(label, () => assert.deepEqual(roundTrip(input), expected));
  }
  test('the whole amount is units × 10^9 + nanos', () => {
    assert.equal(amountOf(parseMoney({ currencyCode: 'USD', units: '12', nanos: 500_000_001 }, P)), 12_500_000_001n);
    assert.equal(amountOf(parseMoney({ currencyCode: 'USD', units: '-3', nanos: -250_000_000 }, P)), -3_250_000_000n);
    assert.equal(amountOf(parseMoney({ currencyCode: 'USD', units: '0', nanos: -500_000_000 }, P)), -500_000_000n);
  });
});

describe('toMoney', () => {
  test('units truncate towards zero and nanos share their sign', () => {
    assert.deepEqual(toMoney('USD', 1_500_000_000n), { currencyCode: 'USD', units: '1', nanos: 500_000_000 });
    assert.deepEqual(toMoney('USD', -1_500_000_000n), { currencyCode: 'USD', units: '-1', nanos: -500_000_000 });
    assert.deepEqual(toMoney('USD', -1n), { currencyCode: 'USD', units: '0', nanos: -1 });
    assert.deepEqual(toMoney('USD', -2n * NANOS_PER_UNIT), { currencyCode: 'USD', units: '-2', nanos: 0 });
  });
  test('zero is units "0", nanos 0 (never "-0" or -0)', () => {
    const zero = toMoney('USD', 0n);
    assert.deepEqual(zero, { currencyCode: 'USD', units: '0', nanos: 0 });
    assert.ok(Object.is(zero.nanos, 0));
    assert.ok(Object.is(toMoney('USD', -3n * NANOS_PER_UNIT).nanos, 0));
  });
});

describe('BigInt exactness', () => {
  test('999999999999999.999999999 survives the round trip', () => {
    const money = { currencyCode: 'USD', units: '999999999999999', nanos: 999_999_999 };
    const nanos = amountOf(parseMoney(money, P));
    assert.equal(nanos, 999_999_999_999_999_999_999_999n);
    assert.deepEqual(toMoney('USD', nanos), money);
    assert.equal(formatMoney(money), '999999999999999.999999999 USD');
  });
  test('0.1 + 0.2 is exactly 0.3', () => {
    const a = amountOf(parseMoney({ currencyCode: 'USD', units: '0', nanos: 100_000_000 }, P));
    const b = amountOf(parseMoney({ currencyCode: 'USD', units: '0', nanos: 200_000_000 }, P));
    assert.deepEqual(toMoney('USD', a + b), { currencyCode: 'USD', units: '0', nanos: 300_000_000 });
    assert.equal(formatMoney(toMoney('USD', a + b)), '0.3 USD');
  });
  test('sums past 2^53 nanos stay exact', () => {
    const big = amountOf(parseMoney({ currencyCode: 'USD', units: '9007199', nanos: 254_740_993 }, P));
    assert.equal(big, 9_007_199_254_740_993n);
    assert.deepEqual(toMoney('USD', big + 1n), { currencyCode: 'USD', units: '9007199', nanos: 254_740_994 });
  });
});

describe('parseMoney: refusals', () => {
  const money = (fields: object) => ({ currencyCode: 'USD', units: '1', nanos: 0, ...fields });
  const cases: [string, unknown, string[]][] = [
    ['null', null, [`${P} InvalidFormat`]],
    ['an array', [{ currencyCode: 'USD', units: '1' }], [`${P} InvalidFormat`]],
    ['a string', '1.00 USD', [`${P} InvalidFormat`]],
    ['a number', 1, [`${P} InvalidFormat`]],
    ['missing currencyCode', { units: '1' }, [`${P}/currencyCode Required`]],
    ['null currencyCode', money({ currencyCode: null }), [`${P}/currencyCode Required`]],
    ['empty currencyCode', money({ currencyCode: '' }), [`${P}/currencyCode Required`]],
    ['numeric currencyCode', money({ currencyCode: 840 }), [`${P}/currencyCode InvalidFormat`]],
    ['lowercase currencyCode', money({ currencyCode: 'usd' }), [`${P}/currencyCode InvalidFormat`]],
    ['currencyCode with spaces', money({ currencyCode: ' USD' }), [`${P}/currencyCode InvalidFormat`]],
    ['unknown currencyCode', money({ currencyCode: 'ABC' }), [`${P}/currencyCode Invalid`]],
    ['XXX (no currency)', money({ currencyCode: 'XXX' }), [`${P}/currencyCode Invalid`]],
    ['withdrawn currencyCode', money({ currencyCode: 'HRK' }), [`${P}/currencyCode Invalid`]],
    ['missing units', { currencyCode: 'USD', nanos: 5 }, [`${P}/units Required`]],
    ['null units', money({ units: null }), [`${P}/units Required`]],
    ['number units', money({ units: 5 }), [`${P}/units InvalidFormat`]],
    ['boolean units', money({ units: true }), [`${P}/units InvalidFormat`]],
    ['units "01"', money({ units: '01' }), [`${P}/units InvalidFormat`]],
    ['units "+1"', money({ units: '+1' }), [`${P}/units InvalidFormat`]],
    ['units "1e3"', money({ units: '1e3' }), [`${P}/units InvalidFormat`]],
    ['units " 1"', money({ units: ' 1' }), [`${P}/units InvalidFormat`]],
    ['units "1.5"', money({ units: '1.5' }), [`${P}/units InvalidFormat`]],
    ['units "-"', money({ units: '-' }), [`${P}/units InvalidFormat`]],
    ['units "-0"', money({ units: '-0' }), [`${P}/units InvalidFormat`]],
    ['units of 16 digits', money({ units: '1'.repeat(MAX_UNITS_DIGITS + 1) }), [`${P}/units Invalid`]],
    ['negative units of 16 digits', money({ units: `-${'9'.repeat(16)}` }), [`${P}/units Invalid`]],
    ['nanos 1e9', money({ nanos: 1_000_000_000 }), [`${P}/nanos Invalid`]],
    ['nanos -1e9', money({ units: '-1', nanos: -1_000_000_000 }), [`${P}/nanos Invalid`]],
    ['nanos 1.5', money({ nanos: 1.5 }), [`${P}/nanos InvalidFormat`]],
    ['nanos as a string', money({ nanos: '5' }), [`${P}/nanos InvalidFormat`]],
    ['nanos NaN', money({ nanos: NaN }), [`${P}/nanos InvalidFormat`]],
    ['mixed signs: units "-1", nanos 5', money({ units: '-1', nanos: 5 }), [`${P}/nanos Invalid`]],
    ['mixed signs: units "1", nanos -5', money({ units: '1', nanos: -5 }), [`${P}/nanos Invalid`]],
  ];
  for (const [label, input, expected] of cases) {
    test(label, () => assert.deepEqual(summary(parseMoney(input, P)), expected));
  }

  test('details say what is wrong', () => {
    assert.match(detailOf(parseMoney(money({ currencyCode: 'ABC' }), P)), /ABC is not an ISO 4217 currency code/);
    assert.match(detailOf(parseMoney(money({ units: 5 }), P)), /string.*"5"/);
    assert.match(detailOf(parseMoney(money({ units: '1'.repeat(16) }), P)), /at most 15 digits/);
    assert.match(detailOf(parseMoney(money({ units: '-1', nanos: 5 }), P)), /same sign/);
    assert.match(detailOf(parseMoney(money({ nanos: 1_000_000_000 }), P)), /between -999999999 and 999999999/);
    assert.match(detailOf(parseMoney(null, P)), /object/);
  });

  test('every problem at once, each under its pointer', () => {
    assert.deepEqual(summary(parseMoney({ currencyCode: 'usd', units: 5, nanos: 1.5 }, '/transfer/amount')), [
      '/transfer/amount/currencyCode InvalidFormat',
      '/transfer/amount/units InvalidFormat',
      '/transfer/amount/nanos InvalidFormat',
    ]);
    assert.deepEqual(summary(parseMoney({}, '/fee')), ['/fee/currencyCode Required', '/fee/units Required']);
    assert.deepEqual(summary(parseMoney({ currencyCode: 'ABC', units: '-1', nanos: 5 }, '/fee')), ['/fee/currencyCode Invalid', '/fee/nanos Invalid']);
  });

  test('a root pointer gives "/field" pointers', () => {
    assert.deepEqual(summary(parseMoney({ units: '1' }, '')), ['/currencyCode Required']);
    assert.deepEqual(summary(parseMoney(null, '')), [' InvalidFormat']);
  });
});

describe('parsePositiveAmount', () => {
  test('accepts an amount above zero, however small', () => {
    assert.deepEqual(parsePositiveAmount({ currencyCode: 'USD', units: '0', nanos: 1 }, P), { ok: true, currencyCode: 'USD', nanos: 1n });
    assert.deepEqual(parsePositiveAmount({ currencyCode: 'USD', units: '10' }, P), { ok: true, currencyCode: 'USD', nanos: 10_000_000_000n });
  });
  for (const [label, input] of [
    ['zero', { currencyCode: 'USD', units: '0' }],
    ['negative', { currencyCode: 'USD', units: '-5' }],
    ['a negative fraction', { currencyCode: 'USD', units: '0', nanos: -1 }],
  ] as const) {
    test(`refuses ${label}`, () => {
      const result = parsePositiveAmount(input, P);
      assert.deepEqual(summary(result), [`${P} Invalid`]);
      assert.match(detailOf(result), /must be greater than zero/);
    });
  }
  test('names the amount it refused', () => {
    assert.match(detailOf(parsePositiveAmount({ currencyCode: 'USD', units: '-5', nanos: -250_000_000 }, P)), /-5\.25/);
  });
  test('a non-positive amount is reported with the other problems', () => {
    assert.deepEqual(summary(parsePositiveAmount({ currencyCode: 'ABC', units: '-5' }, P)), [`${P}/currencyCode Invalid`, `${P} Invalid`]);
  });
  test('an unreadable amount is not also called non-positive', () => {
    assert.deepEqual(summary(parsePositiveAmount({ currencyCode: 'USD', units: '-1', nanos: 5 }, P)), [`${P}/nanos Invalid`]);
    assert.deepEqual(summary(parsePositiveAmount(null, P)), [`${P} InvalidFormat`]);
  });
});

describe('formatMoney', () => {
  const cases: [Money, string][] = [
    [{ currencyCode: 'USD', units: '12', nanos: 500_000_001 }, '12.500000001 USD'],
    [{ currencyCode: 'USD', units: '12', nanos: 500_000_000 }, '12.5 USD'],
    [{ currencyCode: 'USD', units: '0', nanos: -500_000_000 }, '-0.5 USD'],
    [{ currencyCode: 'USD', units: '-3', nanos: -10_000_000 }, '-3.01 USD'],
    [{ currencyCode: 'JPY', units: '1000', nanos: 0 }, '1000 JPY'],
    [{ currencyCode: 'EUR', units: '0', nanos: 0 }, '0 EUR'],
    [{ currencyCode: 'EUR', units: '0', nanos: 1 }, '0.000000001 EUR'],
    [{ currencyCode: 'EUR', units: '-7', nanos: 0 }, '-7 EUR'],
  ];
  for (const [money, expected] of cases) {
    test(expected, () => assert.equal(formatMoney(money), expected));
  }
});
