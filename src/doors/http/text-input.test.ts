import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { ValidationError } from '../../domain/errors.js';
import { registerContentTypes } from './content-types.js';
import { refuseNulCharacters } from './text-input.js';

async function echoServer() {
  const app = Fastify();
  app.addHook('onRoute', refuseNulCharacters);
  registerContentTypes(app);
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ValidationError) return reply.code(400).send({ pointer: error.problems[0]?.pointer });
    return reply.code(500).send({ message: (error as Error).message });
  });
  app.post('/echo/:id', async (request) => ({ body: request.body, query: request.query }));
  await app.ready();
  return app;
}

const post = (app: Awaited<ReturnType<typeof echoServer>>, payload: string, contentType: string, url = '/echo/1') =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

test('a NUL anywhere in a JSON body is refused, whichever JSON media type carries it', async () => {
  const app = await echoServer();
  for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/vnd.dwolla.v1.hal+json']) {
    const refused = await post(app, '{"name":"a\\u0000b","nested":{"ok":"x"}}', contentType);
    assert.equal(refused.statusCode, 400, contentType);
    assert.equal(refused.json().pointer, '/name');
    const inKey = await post(app, '{"nested":{"a\\u0000":1}}', contentType);
    assert.equal(inKey.statusCode, 400, contentType);
    const fine = await post(app, '{"name":"ab","nested":{"ok":"x"}}', contentType);
    assert.equal(fine.statusCode, 200, contentType);
    assert.deepEqual(fine.json().body, { name: 'ab', nested: { ok: 'x' } });
  }
  await app.close();
});

test('text that only looks like a NUL escape (an escaped backslash before u0000) is accepted as it is', async () => {
  const app = await echoServer();
  const response = await post(app, '{"name":"a\\\\u0000b"}', 'application/json');
  assert.equal(response.statusCode, 200);
  assert.equal(response.json().body.name, 'a\\u0000b');
  await app.close();
});

test('a NUL in a form field, a path parameter or the query is refused too', async () => {
  const app = await echoServer();
  assert.equal((await post(app, 'name=a%00b', 'application/x-www-form-urlencoded')).statusCode, 400);
  assert.equal((await post(app, '{"name":"ab"}', 'application/json', '/echo/a%00')).statusCode, 400);
  assert.equal((await post(app, '{"name":"ab"}', 'application/json', '/echo/1?q=%00')).statusCode, 400);
  assert.equal((await post(app, 'name=ab', 'application/x-www-form-urlencoded')).statusCode, 200);
  await app.close();
});
