import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type ApiClient, type ApiResponse, apiClient, personal } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Four-eyes mode: a decision on a screening hit holds only when a second operator makes the same.

const OFAC = path.join(import.meta.dirname, '../fixtures/lists/ofac');
let t: TestApp;

async function operator(username: string): Promise<ApiClient> {
  const password = 'a long enough password';
  await t.verity.operators.create({ username, role: 'reviewer', password });
  const response = await fetch(`${t.url}/v1/operators/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return apiClient(t, ((await response.json()) as { access_token: string }).access_token);
}

before(async () => {
  t = await startTestApp('screening-four-eyes', { VERITY_FOUR_EYES: 'true' });
});
after(() => t.close());

test('a false positive proposed by one reviewer clears the customer only when a second confirms it', async () => {
  await t.verity.screening.lists.importAndRescreen({
    source: 'ofac-sdn',
    files: ['sdn.csv', 'add.csv', 'alt.csv'].map((name) => ({ name, bytes: fs.readFileSync(path.join(OFAC, name)) })),
    importedBy: 'cli',
  });
  const api = apiClient(t, await t.token());
  const [rita, sam] = [await operator('rita'), await operator('sam')];
  const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'Anselm Dietrik', lastName: 'Korvath', dateOfBirth: '1968-07-01' }));
  const id = created.body.id;
  const queue = await rita.get<{ data: Array<{ id: string; kind?: string; customerId: string }> }>('/v1/reviews');
  const reviewCase = queue.body.data.find((c) => c.customerId === id && c.kind === 'screening');
  assert.ok(reviewCase);
  const hits = (await api.get<{ hits: Array<{ id: string }> }>(`/v1/customers/${id}/screening`)).body.hits;
  for (const hit of hits) {
    const first: ApiResponse<{ state: string; proposal?: { by: string } }> = await rita.post(`/v1/reviews/${reviewCase.id}/screening-hits/${hit.id}/decision`, { disposition: 'false_positive', comment: 'Born in July, not March.' });
    assert.equal(first.status, 200);
    assert.equal(first.body.state, 'open', 'one reviewer only proposes');
    assert.ok(first.body.proposal);
    const again: ApiResponse = await rita.post(`/v1/reviews/${reviewCase.id}/screening-hits/${hit.id}/decision`, { disposition: 'false_positive', comment: 'Still not him.' });
    assert.equal(again.status, 403, 'the same reviewer cannot confirm');
  }
  assert.equal((await api.get<{ status: string }>(`/v1/customers/${id}/screening`)).body.status, 'potential_match');
  for (const hit of hits) {
    const second: ApiResponse<{ state: string; disposition: string }> = await sam.post(`/v1/reviews/${reviewCase.id}/screening-hits/${hit.id}/decision`, { disposition: 'false_positive', comment: 'Agreed: different date of birth.' });
    assert.equal(second.status, 200);
    assert.equal(second.body.disposition, 'false_positive');
  }
  assert.equal((await api.get<{ status: string }>(`/v1/customers/${id}/screening`)).body.status, 'clear');
  assert.equal((await api.get<{ status: string }>(`/v1/customers/${id}/status`)).body.status, 'verified');
  const history = await api.get<{ data: Array<{ action: string }> }>(`/v1/customers/${id}/history`);
  const actions = history.body.data.map((line) => line.action);
  assert.ok(actions.includes('screening_hit_proposed') && actions.includes('screening_hit_decided'));
});
