import type { Body } from './inventory.js';
import type { RouteEntry } from './route-table.js';

/** Requests with one thing wrong at a time, for every route: deterministic companions of the fuzzing. */

/** The filled path with one parameter's segment replaced (already encoded). */
export function withSegment(route: RouteEntry, filledPath: string, param: string, encoded: string): string {
  const index = route.url.split('/').indexOf(`:${param}`);
  return filledPath
    .split('/')
    .map((segment, i) => (i === index ? encoded : segment))
    .join('/');
}

/** The body once for each of its text fields (up to `max`), with a NUL inside that field. */
export function withNulInEachString(body: Body | undefined, max = 8): Array<[string, Body]> {
  if (!body) return [];
  switch (body.kind) {
    case 'form':
      return Object.keys(body.fields)
        .slice(0, max)
        .map((name) => [`NUL in form field ${name}`, { kind: 'form', fields: { ...body.fields, [name]: `${body.fields[name]}\u0000` } }]);
    case 'multipart':
      return body.parts.slice(0, max).flatMap((part, i): Array<[string, Body]> => {
        const changed = typeof part.value === 'string' ? { ...part, value: `${part.value}\u0000` } : part.filename !== undefined ? { ...part, filename: `${part.filename}\u0000` } : undefined;
        return changed ? [[`NUL in part ${part.name}`, { kind: 'multipart', parts: body.parts.map((p, j) => (j === i ? changed : p)) }]] : [];
      });
    case 'json':
      return stringPaths(body.value)
        .slice(0, max)
        .map((path) => [`NUL in ${path.join('.') || 'the body'}`, { kind: 'json', value: withNulAt(body.value, path) }]);
  }
}

/**
 * The body as JSON once for each of its fields (up to `max`) with that field a number, then an
 * object, where the route expects something else (forms too: a client may send JSON anywhere).
 */
export function withWrongTypes(body: Body | undefined, max = 8): Array<[string, Body]> {
  if (!body || body.kind === 'multipart') return [];
  const value: unknown = body.kind === 'form' ? body.fields : body.value;
  return leafPaths(value)
    .slice(0, max)
    .flatMap((path): Array<[string, Body]> => [
      [`${path.join('.')} a number`, { kind: 'json', value: replaceAt(value, path, () => 12345) }],
      [`${path.join('.')} an object`, { kind: 'json', value: replaceAt(value, path, () => ({ nested: [1] })) }],
    ]);
}

function leafPaths(value: unknown, at: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return at.length > 0 ? [at] : [];
  return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...at, key]));
}

function stringPaths(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return [at];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
}

function withNulAt(value: unknown, path: readonly string[]): unknown {
  return replaceAt(value, path, (leaf) => `${String(leaf)}\u0000`);
}

function replaceAt(value: unknown, path: readonly string[], replace: (leaf: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value);
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) return value.map((item, i) => (String(i) === head ? replaceAt(item, rest, replace) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: replaceAt(record[head], rest, replace) };
}
