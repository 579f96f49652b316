import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Screening end to end, over real HTTP on a real database (SQLite or PostgreSQL): import OFAC's
// files (fictional entries), create a matching customer, review its hits, rescreen on a changed
// entry, confirm a match. Webhooks go to a real receiver.

const OFAC = path.join(import.meta.dirname, '../fixtures/lists/ofac');
const ofacFiles = (sdn = fs.readFileSync(path.join(OFAC, 'sdn.csv'))) => [
  { name: 'sdn.csv', bytes: sdn },
  { name: 'add.csv', bytes: fs.readFileSync(path.join(OFAC, 'add.csv')) },
  { name: 'alt.csv', bytes: fs.readFileSync(path.join(OFAC, 'alt.csv')) },
];

type Hit = { id: string; entityId: string; score: number; band: string; disposition: string | null; features: { dateOfBirth: string; listName: string; pairs: unknown[] } };
type Screening = { status: string; held: boolean; screenedAt: string | null; lists: Array<{ source: string; version: number }>; hits: Hit[] };
type Status = { status: string; capabilities: { canSend: boolean }; requirements: Array<{ code: string }>; verification: { basis: string } | null };
type Case = { id: string; kind?: string; customerId: string; state: string };

let t: TestApp;
let api: ApiClient;
let rita: ApiClient;
let sam: ApiClient;
let receiver: Receiver;

async function operator(username: string): Promise<ApiClient> {
  const password = 'a long enough password';
  await t.verity.operators.create({ username, role: 'reviewer', password });
  const response = await fetch(`${t.url}/v1/operators/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return apiClient(t, ((await response.json()) as { access_token: string }).access_token);
}

async function screeningCaseOf(customerId: string): Promise<Case> {
  const queue = await rita.get<{ data: Case[] }>('/v1/reviews');
  const found = queue.body.data.find((c) => c.customerId === customerId && c.kind === 'screening');
  assert.ok(found, 'a screening case is in the queue');
  return found;
}

const topicsFor = (customerId: string) =>
  receiver.received.map((r) => JSON.parse(r.body) as { topic: string; resourceId: string }).filter((e) => e.resourceId === customerId).map((e) => e.topic);

before(async () => {
  t = await startTestApp('screening');
  api = apiClient(t, await t.token());
  rita = await operator('rita');
  sam = await operator('sam');
  receiver = await startReceiver();
  assert.equal((await api.post('/v1/webhook-subscriptions', { url: receiver.url, secret: 'a-secret-of-sorts' })).status, 201);
  const bands = await api.patch<{ screening: { bands: { review: number; hold: number } } }>('/v1/tenant', { screening: { bands: { review: 0.85, hold: 0.9 } } });
  assert.equal(bands.status, 200, JSON.stringify(bands.body));
  assert.deepEqual(bands.body.screening.bands, { review: 0.85, hold: 0.9 });
});

after(async () => {
  await receiver.close();
  await t.close();
});

describe('sanctions screening', () => {
  test('before any import nobody is screened, and the customer is verified as usual', async () => {
    const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'Anselm', lastName: 'Korvath' }));
    const screening = await api.get<Screening>(`/v1/customers/${created.body.id}/screening`);
    assert.deepEqual({ status: screening.body.status, screenedAt: screening.body.screenedAt, hits: screening.body.hits }, { status: 'clear', screenedAt: null, hits: [] });
  });

  test('an import is a version the tenant can see, with its digest and age', async () => {
    const { result } = await t.verity.screening.lists.importAndRescreen({ source: 'ofac-sdn', files: ofacFiles(), importedBy: 'cli' });
    assert.equal(result.version.entityCount, 8);
    const lists = await api.get<{ data: Array<{ source: string; version: number; entityCount: number; sha256: string; ageDays: number; scope: string }> }>('/v1/screening/lists');
    assert.equal(lists.status, 200);
    assert.deepEqual(lists.body.data.map((l) => [l.source, l.version, l.entityCount, l.scope]), [['ofac-sdn', 1, 8, 'official']]);
    assert.match(lists.body.data[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const again = await t.verity.screening.lists.importAndRescreen({ source: 'ofac-sdn', files: ofacFiles(), importedBy: 'cli' });
    assert.equal(again.result.unchanged, true, 'the same files again import nothing');
  });

  test('a matching customer is held: not verified, cannot send, a screening case opens, and why it matched is kept', async () => {
    const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ firstName: 'Anselm Dietrik', lastName: 'Korvath', dateOfBirth: '1968-03-03' }));
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.equal(created.body.status, 'unverified', 'the verification waits for the screening review');
    const screening = await api.get<Screening>(`/v1/customers/${id}/screening`);
    assert.equal(screening.body.status, 'potential_match');
    assert.equal(screening.body.held, true);
    assert.deepEqual(screening.body.lists.map((l) => [l.source, l.version]), [['ofac-sdn', 1]]);
    const hit = screening.body.hits.find((h) => h.entityId === '7001');
    assert.ok(hit, JSON.stringify(screening.body.hits));
    assert.equal(hit.band, 'hold');
    assert.equal(hit.features.dateOfBirth, 'exact');
    assert.ok(hit.features.pairs.length >= 2);
    const status = await api.get<Status>(`/v1/customers/${id}/status`);
    assert.equal(status.body.capabilities.canSend, false);
    assert.equal(status.body.requirements[0]?.code, 'screening.review');
    await t.verity.dispatcher.drain();
    assert.ok(topicsFor(id).includes('customer_screening_potential_match'), `events: ${JSON.stringify(topicsFor(id))}`);

    const reviewCase = await screeningCaseOf(id);
    const shown = await rita.get<{ case: Case; hits: Array<Hit & { entry: { names: unknown[] } }> }>(`/v1/reviews/${reviewCase.id}`);
    assert.equal(shown.body.case.kind, 'screening');
    assert.ok(shown.body.hits[0]?.entry.names.length, 'the list entry is shown beside the customer');
    const wrongDoor = await rita.post(`/v1/reviews/${reviewCase.id}/decision`, { decision: 'approve' });
    assert.equal(wrongDoor.status, 409, 'a screening case is decided hit by hit');
  });

  test('a false positive clears the hold: the held verification takes effect, events follow', async () => {
    const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'Anselm Dietrik', lastName: 'Korvath', dateOfBirth: '1968-07-01' }));
    const id = created.body.id;
    const reviewCase = await screeningCaseOf(id);
    const { body } = await api.get<Screening>(`/v1/customers/${id}/screening`);
    const hitId = (body.hits[0] as Hit).id;
    const noComment = await rita.post(`/v1/reviews/${reviewCase.id}/screening-hits/${hitId}/decision`, { disposition: 'false_positive' });
    assert.equal(noComment.status, 400);
    const decided = await rita.post<{ disposition: string }>(`/v1/reviews/${reviewCase.id}/screening-hits/${hitId}/decision`, { disposition: 'false_positive', comment: 'Born 1 July 1968; the listed person on 3 March, and the passport differs.' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.disposition, 'false_positive');
    for (const other of body.hits.slice(1)) {
      await rita.post(`/v1/reviews/${reviewCase.id}/screening-hits/${other.id}/decision`, { disposition: 'false_positive', comment: 'Different person.' });
    }
    const screening = await api.get<Screening>(`/v1/customers/${id}/screening`);
    assert.equal(screening.body.status, 'clear');
    const status = await api.get<Status>(`/v1/customers/${id}/status`);
    assert.equal(status.body.status, 'verified');
    assert.equal(status.body.capabilities.canSend, true);
    await t.verity.dispatcher.drain();
    assert.ok(topicsFor(id).includes('customer_screening_cleared') && topicsFor(id).includes('customer_verified'), `events: ${JSON.stringify(topicsFor(id))}`);
    const again = await rita.post(`/v1/reviews/${reviewCase.id}/screening-hits/${hitId}/decision`, { disposition: 'true_match', comment: 'x' });
    assert.equal(again.status, 409, 'a decided case takes no more decisions');

    // Remembered: a full rescreen of unchanged lists and customer does not alert again.
    await t.verity.screening.rescreens.full();
    assert.equal((await api.get<Screening>(`/v1/customers/${id}/screening`)).body.status, 'clear');

    // A changed entry alerts again, through the import's diff rescreen.
    const sdn = fs.readFileSync(path.join(OFAC, 'sdn.csv'), 'utf8').replace('POB Velgrad', 'POB Velgrad Oblast');
    const { run } = await t.verity.screening.lists.importAndRescreen({ source: 'ofac-sdn', files: ofacFiles(Buffer.from(sdn)), importedBy: 'cli' });
    assert.equal(run?.kind, 'import');
    assert.equal(run?.entries, 1, 'only the changed entry is screened against');
    const reopened = await api.get<Screening>(`/v1/customers/${id}/screening`);
    assert.equal(reopened.body.status, 'potential_match');
    assert.deepEqual(reopened.body.lists.map((l) => l.version), [2]);
    const held = await api.get<Status>(`/v1/customers/${id}/status`);
    assert.equal(held.body.status, 'verified', 'a verified customer stays verified while a new hit is reviewed');
    assert.equal(held.body.capabilities.canSend, false, 'but sends nothing until it is decided');
    await t.verity.dispatcher.drain();
    assert.ok(topicsFor(id).filter((topic) => topic === 'customer_screening_potential_match').length === 2, `events: ${JSON.stringify(topicsFor(id))}`);

    // A true match suspends.
    const nextCase = await screeningCaseOf(id);
    const open = (await api.get<Screening>(`/v1/customers/${id}/screening`)).body.hits.find((h) => h.disposition === null) as Hit;
    const confirmed = await sam.post(`/v1/reviews/${nextCase.id}/screening-hits/${open.id}/decision`, { disposition: 'true_match', comment: 'Passport matches the listing.' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const suspended = await api.get<Status>(`/v1/customers/${id}/status`);
    assert.equal(suspended.body.status, 'suspended');
    assert.equal((await api.get<Screening>(`/v1/customers/${id}/screening`)).body.status, 'confirmed_match');
    const history = await api.get<{ data: Array<{ reasonCode?: string }> }>(`/v1/customers/${id}/history`);
    assert.ok(JSON.stringify(history.body).includes('screening.confirmed_match'));
    await t.verity.dispatcher.drain();
    assert.ok(topicsFor(id).includes('customer_screening_confirmed') && topicsFor(id).includes('customer_suspended'), `events: ${JSON.stringify(topicsFor(id))}`);
  });

  test('the dialects show a hold through their status, and Dwolla sees no screening topics', async () => {
    const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'Anselm Dietrik', lastName: 'Korvath', dateOfBirth: '1968-03-03' }));
    const id = created.body.id;
    const hal = { accept: 'application/vnd.dwolla.v1.hal+json', authorization: `Bearer ${await t.token()}` };
    const dwollaCustomer = (await (await fetch(`${t.url}/customers/${id}`, { headers: hal })).json()) as { status: string };
    assert.equal(dwollaCustomer.status, 'unverified', 'held: not verified, in Dwolla as in Verity');
    const listed = (await (await fetch(`${t.url}/events?limit=200`, { headers: hal })).json()) as { _embedded: { events: Array<{ id: string; topic: string }> } };
    assert.ok(listed._embedded.events.length > 0);
    assert.ok(listed._embedded.events.every((event) => !event.topic.startsWith('customer_screening_')));
    const native = await api.get<{ data: Array<{ id: string; topic: string }> }>(`/v1/events?resourceId=${id}`);
    const potential = native.body.data.find((event) => event.topic === 'customer_screening_potential_match');
    assert.ok(potential, 'the native API lists the screening event');
    assert.equal((await fetch(`${t.url}/events/${potential.id}`, { headers: hal })).status, 404);
  });

  test('a clean customer is clear and verified', async () => {
    const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ firstName: 'Marigold', lastName: 'Fenwick-Oyelaran' }));
    assert.equal(created.body.status, 'verified');
    const screening = await api.get<Screening>(`/v1/customers/${created.body.id}/screening`);
    assert.equal(screening.body.status, 'clear');
    assert.ok(screening.body.screenedAt);
  });

  test('bad input is a clear 4xx that changes nothing', async () => {
    assert.equal((await api.patch('/v1/tenant', { screening: { bands: { review: 0.95, hold: 0.9 } } })).status, 400);
    assert.equal((await api.get('/v1/customers/not-a-uuid/screening')).status, 404);
    await assert.rejects(t.verity.screening.lists.importAndRescreen({ source: 'ofac-sdn', files: [{ name: 'sdn.csv', bytes: Buffer.from('7009,"BROKEN') }], importedBy: 'cli' }), (error: { problems?: Array<{ params: { text?: string } }> }) => /sdn\.csv/.test(error.problems?.[0]?.params.text ?? ''));
    const lists = await api.get<{ data: Array<{ version: number }> }>('/v1/screening/lists');
    assert.deepEqual(lists.body.data.map((l) => l.version), [2], 'a file that does not read imports nothing');
  });
});
