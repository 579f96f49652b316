import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureReason, isConnectionLost, isStorageFull } from './failures.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

test('a lost or refused database connection is told apart from other database errors', () => {
  for (const error of [
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P05', 'terminating connection due to idle-session timeout'),
    withCode('08006'),
    withCode('ECONNREFUSED'),
    new Error('Connection terminated unexpectedly'),
    new Error('Client has encountered a connection error and is not queryable'),
    new Error('wrapped', { cause: withCode('ECONNRESET') }),
  ]) {
    assert.ok(isConnectionLost(error), String(error));
  }
  for (const error of [withCode('23505'), withCode('SQLITE_CONSTRAINT_UNIQUE'), new Error('Connection settings are wrong'), undefined, 'text']) {
    assert.ok(!isConnectionLost(error), String(error));
  }
});

test('a full disk, quota, SQLite database or PostgreSQL disk is storage full, also as a cause', () => {
  for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']) assert.ok(isStorageFull(withCode(code)), code);
  assert.ok(isStorageFull(new Error('could not store', { cause: withCode('ENOSPC') })));
  assert.ok(!isStorageFull(withCode('ENOENT')));
  assert.ok(!isStorageFull(withCode('SQLITE_BUSY')));
});

test('a failure reason holds codes and messages, never the objects hung on the error', () => {
  const error = Object.assign(withCode('57P01', 'terminating connection'), { client: { password: 'secret-password' } });
  const reason = failureReason(new Error('The database is not reachable.', { cause: error }));
  assert.equal(reason, 'The database is not reachable.: 57P01 terminating connection');
  assert.ok(!reason.includes('secret-password'));
});
