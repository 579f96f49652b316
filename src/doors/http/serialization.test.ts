import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serializersRememberingSharedAnswers } from './serialization.js';

const schema = { type: 'object', properties: { status: { type: 'string' }, count: { type: 'integer' } } };
const compile = () => serializersRememberingSharedAnswers()(undefined, {})({ method: 'GET', url: '/x', httpStatus: '200', schema });

test('answers are written by the route schema, as Fastify does', () => {
  const serialize = compile();
  assert.equal(serialize({ status: 'verified', count: 2, secret: 'left out' }), '{"status":"verified","count":2}');
});

test('a frozen (shared) answer is written once; a changed ordinary one is written anew', () => {
  const serialize = compile();
  let reads = 0;
  const shared = Object.freeze({
    get status() {
      reads++;
      return 'verified';
    },
    count: 1,
  });
  assert.equal(serialize(shared), '{"status":"verified","count":1}');
  assert.equal(serialize(shared), '{"status":"verified","count":1}');
  assert.equal(reads, 1, 'the shared answer was read once');
  const own = { status: 'retry', count: 1 };
  assert.equal(serialize(own), '{"status":"retry","count":1}');
  own.status = 'document';
  assert.equal(serialize(own), '{"status":"document","count":1}', 'an answer that is not shared is never remembered');
});
