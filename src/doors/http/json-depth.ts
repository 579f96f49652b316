import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../../domain/errors.js';

/**
 * How deeply a JSON body may nest. No body Verity reads needs more than a few levels (a
 * questionnaire is allowed 8); unbounded nesting overflows the stack of whatever walks or
 * serialises the value later (JSON.stringify gives up at a few thousand levels), which would be
 * a server error instead of a refusal.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text opens more than `max` objects or arrays inside one another (brackets in strings do not count). */
export function nestedBeyond(text: string, max: number): boolean {
  // Each level takes two characters at least: text this short cannot nest too deeply.
  if (text.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

type JsonParser = ReturnType<FastifyInstance['getDefaultJsonParser']>;

/**
 * Fastify's JSON parser, refusing text nested deeper than MAX_JSON_DEPTH before parsing it. The
 * refusal is a BadRequestError, so each door's error handler answers it in its own dialect. Every
 * JSON parser of the server (the default one and the dialects' own) is made here.
 */
export function depthCheckedJsonParser(app: FastifyInstance): JsonParser {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  return (request, text, done) => {
    if (nestedBeyond(text as string, MAX_JSON_DEPTH)) {
      done(new BadRequestError(`The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
      return;
    }
    parseJson(request, text, done);
  };
}
