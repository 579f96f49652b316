import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/test-app.js';

test('GET /readyz answers 503 ServiceUnavailable once the database is gone', async () => {
  const t = await startTestApp('readiness');
  try {
    assert.equal((await fetch(`${t.url}/readyz`)).status, 200);
    await t.verity.store.close();
    const response = await fetch(`${t.url}/readyz`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { code: string };
    assert.equal(body.code, 'ServiceUnavailable');
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200, 'the process itself is still alive');
  } finally {
    await t.app.close();
    await t.db.drop();
  }
});
