import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const COMMON: Options = {
  // Unknown fields are reported (NotAllowed) where a schema forbids them, not silently dropped.
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
};

/**
 * Request validation with two Ajv instances: JSON bodies are taken as sent (a number is not a
 * string, `["A"]` is not `"A"`), while query strings, path parameters and headers, which are
 * always text, are coerced to the types their schemas declare (and a single value to an array).
 */
export function useRequestValidation(app: FastifyInstance): void {
  const bodies = addFormats.default(new Ajv({ ...COMMON, coerceTypes: false }));
  const texts = addFormats.default(new Ajv({ ...COMMON, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : texts).compile(schema));
}
