import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goodIdJpeg, goodIdPng } from '../support/images.js';
import { startReceiver } from '../support/receiver.js';
import { createTestDatabase, ENGINE } from '../support/test-db.js';
import { Checker } from './support/crash-check.js';
import { type Client, createCustomer, type CustomerKind, type LoadContext, Pools, upsertCustomer } from './support/crash-load.js';
import { slowUpload, uploadDocument, veratadWithImages } from './support/crash-load-documents.js';
import { ledgerOperation } from './support/crash-load-ledger.js';
import { reviewStep } from './support/crash-load-reviews.js';
import { crashSeed, seededRandom } from './support/crash-random.js';
import { LoadRecord } from './support/crash-record.js';
import { CrashableServer } from './support/crash-server.js';
import { checkCustomers } from './support/crash-verify-customers.js';
import { checkDocuments } from './support/crash-verify-documents.js';
import { checkEvents } from './support/crash-verify-events.js';
import { checkLedger } from './support/crash-verify-ledger.js';

// Crash safety: a mixed load of creates, upserts, uploads, balance operations and reviews, while
// the server is killed with SIGKILL at random moments and started again on the same data. After
// the last restart every acknowledged request is there and whole, nothing half-written shows, the
// books balance, and every committed event is delivered. See test/hardening/README.md.

const KILLS = Number(process.env.VERITY_CRASH_KILLS || 4);
const CLIENTS = 5;
/** Requests each server process acknowledges at least before it is killed. */
const MIN_LOAD_PER_PROCESS = 20;

/** Webhooks retried and leases returned within seconds, so deliveries cut off by a kill resume quickly. */
const FAST_WEBHOOKS = {
  VERITY_WEBHOOK_LEASE_SECONDS: '3',
  VERITY_WEBHOOK_TIMEOUT_SECONDS: '2',
  VERITY_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s,1s,1s,1s,1s,1s',
  VERITY_WEBHOOK_POLL_MS: '100',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** The sandbox tenant's credentials and first operator, from the first start's output, as tokens. */
async function signIn(server: CrashableServer) {
  const output = server.output();
  const key = /key:\s+(\S+)/.exec(output)?.[1];
  const secret = /secret:\s+(\S+)/.exec(output)?.[1];
  const username = /username:\s+(\S+)/.exec(output)?.[1];
  const password = /password:\s+(\S+)/.exec(output)?.[1];
  assert.ok(key && secret && username && password, `sandbox credentials in:\n${output}`);
  const token = await server.request('POST', '/token', {
    body: { contentType: 'application/x-www-form-urlencoded', content: Buffer.from('grant_type=client_credentials') },
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` },
  });
  const operator = await server.request('POST', '/v1/operators/token', { json: { username, password } });
  assert.ok(token.answered && token.status === 200 && operator.answered && operator.status === 200, 'tokens issued');
  return {
    tenant: { token: (token.body as { access_token: string }).access_token, key, secret },
    operatorToken: (operator.body as { access_token: string }).access_token,
  };
}

/** What a client of the mix does next. */
async function mixedStep(ctx: LoadContext, client: Client): Promise<void> {
  const action = ctx.random.weighted({ create: 10, upsert: 14, upload: 18, ledger: 40, veratad: 4 });
  if (action === 'upsert') return upsertCustomer(ctx, client);
  if (action === 'veratad') return veratadWithImages(ctx);
  if (action === 'upload' && (await uploadDocument(ctx))) return;
  if (action === 'ledger' && (await ledgerOperation(ctx))) return;
  const kind: CustomerKind =
    action === 'upload' ? 'document' : action === 'ledger' || (ctx.pools.ledger.length < 12 && ctx.random.chance(0.4)) ? 'ledger' : ctx.random.chance(0.4) ? 'document' : 'plain';
  return createCustomer(ctx, kind);
}

async function loop(ctx: LoadContext, step: () => Promise<unknown>, idleMs: number): Promise<void> {
  while (!ctx.run.stopping) if ((await step()) === false) await sleep(idleMs);
}

test(`acknowledged writes survive ${KILLS} SIGKILLs under mixed load, whole, with balanced books and every event delivered (${ENGINE})`, async () => {
  const seed = crashSeed();
  console.log(`crash-safety seed ${seed} (${KILLS} kills, ${ENGINE}): VERITY_CRASH_SEED=${seed} repeats each client's random draws and the kill times`);
  // One random source per client and one for the kills, so their sequences do not depend on how
  // the clients' requests interleave.
  const randomFor = (stream: number) => seededRandom((seed + stream * 0x9e3779b9) >>> 0);
  const killRandom = randomFor(0);
  const db = await createTestDatabase('crash-safety');
  const receiver = await startReceiver();
  const server = await CrashableServer.create({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env: FAST_WEBHOOKS });
  const run = { stopping: false };
  try {
    await server.start();
    const { tenant, operatorToken } = await signIn(server);
    const subscription = await server.request('POST', '/v1/webhook-subscriptions', { token: tenant.token, json: { url: receiver.url } });
    assert.ok(subscription.answered && subscription.status === 201, 'webhook subscription');

    let counter = 0;
    const ctx: LoadContext = {
      server,
      random: randomFor(1),
      record: new LoadRecord(),
      tenant,
      operatorToken,
      images: { jpeg: await goodIdJpeg(), png: await goodIdPng() },
      tag: seed.toString(36),
      pools: new Pools(),
      run,
      next: () => ++counter,
    };
    const clients = [
      ...Array.from({ length: CLIENTS }, (_, index) => {
        const own = { ...ctx, random: randomFor(2 + index) };
        return loop(own, () => mixedStep(own, { index, upsertEmails: [] }), 0);
      }),
      loop(ctx, () => reviewStep(ctx), 150),
      (() => {
        const own = { ...ctx, random: randomFor(2 + CLIENTS) };
        return loop(own, async () => (await slowUpload(own)) || createCustomer(own, 'document'), 50);
      })(),
    ];

    const started = Date.now();
    for (let kill = 1; kill <= KILLS; kill++) {
      // A random moment, once this process has taken some load (however slow the machine is).
      const acknowledgedBefore = ctx.record.acknowledged();
      await sleep(killRandom.int(1200, 3500));
      await until(() => ctx.record.acknowledged() >= acknowledgedBefore + MIN_LOAD_PER_PROCESS, 20_000);
      // Every other kill waits for the slow upload to be under way, so one is cut short.
      const midUpload = kill % 2 === 0 && (await until(() => (ctx.pools.slowUpload ?? 0) > 0.15 && (ctx.pools.slowUpload ?? 1) < 0.85, 3000));
      const before = ctx.record.acknowledged();
      const restart = await server.killAndRestart();
      console.log(
        `kill ${kill}${midUpload ? ' (mid-upload)' : ''} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${before} requests acknowledged so far; ` +
          `${restart.partialUploadsLeft} partial upload(s) left, ${restart.partialUploadsRemoved} removed at restart, ${restart.partialUploadsRemaining} remaining`,
      );
    }
    // The last process takes load too.
    const acknowledgedBefore = ctx.record.acknowledged();
    await sleep(1000);
    await until(() => ctx.record.acknowledged() >= acknowledgedBefore + MIN_LOAD_PER_PROCESS, 20_000);
    run.stopping = true;
    await Promise.all(clients);

    const check = new Checker(server, ctx.record, tenant);
    const customers = await checkCustomers(check);
    const documentIds = await checkDocuments(check, customers, db.dataDir);
    const ledgerCustomers = [...ctx.record.created.values()].filter((c) => c.fields.firstName === 'Ledger' && c.status === 'verified').map((c) => c.id);
    const ledgerTouched = await checkLedger(check, ledgerCustomers);
    await checkEvents(check, receiver, { customerIds: customers.map((c) => c.id), documentIds, ledgerTouched }, 30_000);

    console.log(`requests answered: ${server.answered}; acknowledged: ${ctx.record.acknowledged()}; in doubt (cut off by a kill): ${ctx.record.inDoubt()}`);
    console.table(ctx.record.tally());
    console.table(check.checked);

    for (const [i, restart] of server.restarts.entries()) {
      assert.equal(restart.partialUploadsRemoved, restart.partialUploadsLeft, `restart ${i + 1} removed every partial upload the kill left`);
      assert.equal(restart.partialUploadsRemaining, 0, `restart ${i + 1} left no partial upload behind`);
    }
    const logs = () => [...server.outputs, server.output()].join('\n--- restart ---\n').slice(-4000);
    assert.deepEqual(server.serverErrors, [], `no 5xx, before or after any restart; server output:\n${logs()}`);
    assert.deepEqual(server.dropped, [], 'a live server answered every request');
    assert.deepEqual(ctx.record.surprises, [], 'every answer was one the clients expect');
    assert.deepEqual(check.failures, [], 'the state after the last restart');
    assert.equal(server.restarts.length, KILLS);
    assert.ok(ctx.record.acknowledged() >= MIN_LOAD_PER_PROCESS * (KILLS + 1), 'every process took load');
  } finally {
    run.stopping = true;
    await server.stop();
    await receiver.close();
    await db.drop();
  }
});
