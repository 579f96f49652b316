import fc from 'fast-check';

/**
 * Values for fuzzing: from a route's JSON Schema (TypeBox schemas are JSON Schema), and outside it
 * (wrong types, huge and strange strings, edge numbers, deep nesting).
 */

/** The parts of JSON Schema that Verity's TypeBox schemas use. */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Values the schema accepts (mostly: patterns and formats are followed where they are simple). */
export function fromSchema(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const s = (schema ?? {}) as JsonSchema;
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((branch) => fromSchema(branch, depth)));
  const type = Array.isArray(s.type) ? (s.type[0] as string) : (s.type as string | undefined);
  switch (type) {
    case 'object': {
      const properties = Object.entries(s.properties ?? {});
      if (properties.length === 0 || depth > 4) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      const required = new Set(s.required ?? []);
      const shape = Object.fromEntries(properties.map(([name, sub]) => [name, fromSchema(sub, depth + 1)]));
      return fc.record(shape, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
    }
    case 'array':
      return fc.array(fromSchema(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) });
    case 'string':
      return schemaString(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function schemaString(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString());
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.emailAddress();
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { maxLength: s.maxLength ?? 40 }).filter((v) => v.length >= (s.minLength ?? 0));
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
}

/** Strings no sane client sends, but an attacker or a broken one may. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  // Lone surrogates: valid in JS strings and JSON escapes, no valid UTF-8.
  fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\udc00b', 'x\ud800y'),
  fc.constantFrom('\u0000', 'a\u0000b', '\u0000'.repeat(3), '%00', '\\u0000'),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '0', '-1', '1e308', '-1e308', '1e400', '2147483648', '2147483647', '-2147483649', '9007199254740993', '0x10', ' 1', '1.5', '١٢٣'),
  fc.constantFrom("'; DROP TABLE customers;--", '../../etc/passwd', '..', '.', '{{7*7}}', '<script>alert(1)</script>', '__proto__', 'constructor', '${jndi:ldap://x}', '%s%s%n', '\r\nX-Injected: 1'),
  fc.constantFrom('', ' ', '\t\n', '\u202e\u0645', 'e\u0301', '\ufeff', '\uffff', '👩‍👩‍👧‍👦'),
  hugeString(),
);

/** A string of 1 KB to about 100 KB. */
export function hugeString(max = 100_000): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 1_000, max }), fc.constantFrom('x', 'é', '\ud800', '😀', '0', '%', '\u0000')).map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));
}

/** Numbers at the edges of every range Verity checks. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
  fc.double(),
  fc.integer(),
);

/** JSON nested 1000 levels deep (arrays or objects). */
export function deeplyNested(levels = 1000): fc.Arbitrary<unknown> {
  return fc.constantFrom('array', 'object').map((kind) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < levels; i++) value = kind === 'array' ? [value] : { a: value };
    return value;
  });
}

/** Any JSON value outside what a field expects. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: edgeNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': '' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deeplyNested() },
);

/** Raw text sent with a JSON content type: broken JSON, and JSON that is valid but hostile. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    '[1,2',
    'nul',
    'undefined',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":1e400}',
    '{"a":-0}',
    '{"a":"\\ud800"}',
    '{"a":"\u0000"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":1,"a":2}',
    '\ufeff{}',
    '{}garbage',
    '0',
    '""',
    'null',
    '[]',
    '\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer({ min: 500, max: 1_000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 900, max: 1_200 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
);

/** Header values a client can put on the wire (Node refuses control characters). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
  fc.constantFrom('', ' ', 'null', 'undefined', '../..', '%00', 'Bearer', 'Basic', '00-00000000000000000000000000000000-0000000000000000-00', '00-zz-zz-zz'),
  fc.integer({ min: 1_000, max: 8_000 }).map((n) => 'h'.repeat(n)),
  fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
);
