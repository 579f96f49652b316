import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Operator } from '../../src/domain/operator.js';
import { type ApiClient, apiClient, personal, uniqueEmail } from '../support/api.js';
import { type ConsoleClient, consoleClient, signedInOperator } from '../support/console-client.js';
import { goodIdJpeg } from '../support/images.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type ApiCustomer = { id: string; number: number; status: string };

describe('console customers', () => {
  let t: TestApp;
  let api: ApiClient;
  let otherApi: ApiClient;
  let otherTenantId: string;
  let receiver: Receiver;
  let admin: { client: ConsoleClient; operator: Operator; username: string };
  let reviewer: { client: ConsoleClient; operator: Operator; username: string };

  before(async () => {
    t = await startTestApp('console-customers');
    api = apiClient(t, await t.token());
    const other = await t.verity.tenants.create({ name: 'Other Bank' });
    otherTenantId = other.tenant.id;
    otherApi = apiClient(t, (await t.verity.authenticator.issueToken(other.tenant.key, other.secret)).accessToken);
    receiver = await startReceiver();
    admin = await signedInOperator(t, 'admin');
    reviewer = await signedInOperator(t, 'reviewer');
  });
  after(async () => {
    await receiver.close();
    await t.close();
  });

  async function createCustomer(tenantApi: ApiClient, overrides: Record<string, unknown> = {}): Promise<ApiCustomer> {
    const created = await tenantApi.post<ApiCustomer>('/v1/customers', personal(overrides));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  /** The result rows' customer links, in order. */
  function resultIds(page: string): string[] {
    return [...page.matchAll(/<td><a href="\/console\/customers\/([0-9a-f-]{36})">/g)].map((m) => m[1]!);
  }

  describe('search', () => {
    let ann: ApiCustomer;
    let annElsewhere: ApiCustomer;
    let annDocument: ApiCustomer;
    let annEmail: string;
    before(async () => {
      annEmail = uniqueEmail('quokka.ann');
      ann = await createCustomer(api, { firstName: 'Annika', lastName: 'Quokkason', email: annEmail });
      annElsewhere = await createCustomer(otherApi, { firstName: 'Anneli', lastName: 'Quokkadottir' });
      annDocument = await createCustomer(api, { firstName: 'document', lastName: 'Quokkaberg' });
    });

    it('finds a part of a name across every tenant, newest first, with each tenant named', async () => {
      const page = await reviewer.client.get('/console/customers?q=QUOKKA');
      assert.equal(page.status, 200);
      assert.deepEqual(resultIds(page.text), [annDocument.id, annElsewhere.id, ann.id]);
      assert.match(page.text, /Other Bank/);
      assert.match(page.text, /console-customers tenant/);
      assert.match(page.text, /<span class="badge badge-document">document<\/span>/);
      assert.match(page.text, /<label for="customer-q">/);
    });

    it('finds by email (whole or part), by exact id and by number', async () => {
      assert.deepEqual(resultIds((await reviewer.client.get(`/console/customers?q=${encodeURIComponent(annEmail)}`)).text), [ann.id]);
      assert.deepEqual(resultIds((await reviewer.client.get(`/console/customers?q=${encodeURIComponent(annEmail.slice(0, 14))}`)).text), [ann.id]);
      assert.deepEqual(resultIds((await reviewer.client.get(`/console/customers?q=${annElsewhere.id.toUpperCase()}`)).text), [annElsewhere.id]);
      const byNumber = resultIds((await reviewer.client.get(`/console/customers?q=${ann.number}`)).text);
      assert.ok(byNumber.includes(ann.id));
      assert.deepEqual((await reviewer.client.get(`/console/customers?q=${randomUUID()}`)).text.match(/No customers match/)?.[0], 'No customers match');
    });

    it('filters by status and by tenant, and refuses an unknown status', async () => {
      assert.deepEqual(resultIds((await reviewer.client.get('/console/customers?q=quokka&status=document')).text), [annDocument.id]);
      assert.deepEqual(resultIds((await reviewer.client.get(`/console/customers?q=quokka&tenant=${otherTenantId}`)).text), [annElsewhere.id]);
      assert.deepEqual(resultIds((await reviewer.client.get(`/console/customers?q=quokka&status=verified&tenant=${t.tenant.id}`)).text), [ann.id]);
      assert.equal((await reviewer.client.get('/console/customers?status=sleeping')).status, 400);
      assert.equal((await reviewer.client.get(`/console/customers?tenant=${randomUUID()}`)).status, 400);
    });

    it('takes a search character as itself, not as a pattern', async () => {
      assert.deepEqual(resultIds((await reviewer.client.get('/console/customers?q=quokka%25son')).text), []);
      assert.deepEqual(resultIds((await reviewer.client.get('/console/customers?q=quokk_son')).text), []);
    });

    it('pages by 50 with a link to the next page', async () => {
      for (let i = 0; i < 51; i++) {
        await t.verity.customers.create(t.tenant.id, { type: 'unverified', firstName: 'Pagina', lastName: `Numbered${i}`, email: uniqueEmail('pagina') }, { kind: 'system' });
      }
      const first = await reviewer.client.get('/console/customers?q=pagina');
      assert.equal(resultIds(first.text).length, 50);
      const next = /<a rel="next" href="([^"]+)">Next page<\/a>/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(next, 'a next page link');
      const second = await reviewer.client.get(next);
      assert.equal(resultIds(second.text).length, 1);
      assert.doesNotMatch(second.text, /rel="next"/);
      assert.equal(new Set([...resultIds(first.text), ...resultIds(second.text)]).size, 51);
    });
  });

  describe('the customer page', () => {
    it("is Veratad's customer_link: without a session it sends to sign in and back", async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      const visitor = await consoleClient(t).get(path);
      assert.equal(visitor.status, 303);
      assert.equal(visitor.location, `/console/sign-in?next=${encodeURIComponent(path)}`);
    });

    it('is a 404 page for an unknown id or one that is not a UUID', async () => {
      for (const id of [randomUUID(), 'not-a-uuid']) {
        const page = await reviewer.client.get(`/console/customers/${id}`);
        assert.equal(page.status, 404);
        assert.match(page.text, /<h1>Not found<\/h1>/);
      }
    });

    it('shows identity, status, requirements, dialect statuses, balances and history', async () => {
      const customer = await createCustomer(api, { firstName: 'Verena', lastName: 'Balance', ssn: '512-34-8761', dateOfBirth: '1979-02-03' });
      assert.equal(customer.status, 'verified');
      const credit = await api.post(`/v1/customers/${customer.id}/balances/credit`, { amount: { currencyCode: 'USD', units: '100', nanos: 500_000_000 } }, { 'idempotency-key': randomUUID() });
      assert.equal(credit.status, 201, JSON.stringify(credit.body));
      const page = await reviewer.client.get(`/console/customers/${customer.id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Verena Balance<\/h1>/);
      assert.match(page.text, /<span class="badge badge-verified">verified<\/span>/);
      assert.match(page.text, /console-customers tenant/);
      assert.match(page.text, /1979-02-03/);
      assert.match(page.text, /•••-••-8761/);
      assert.doesNotMatch(page.text, /512-?34-?8761/);
      assert.match(page.text, /Nothing is required/);
      for (const shown of ['Dwolla', 'Veratad', 'Delos', '10npay', '<code>PASS</code>', '<code>ACCEPT</code>', '<code>200</code>']) assert.ok(page.text.includes(shown), shown);
      assert.match(page.text, /100\.5 USD/);
      assert.match(page.text, /<h2 id="history-heading">History<\/h2>/);
      assert.match(page.text, /<strong>create<\/strong>/);
      assert.match(page.text, /<strong>verification<\/strong>/);
      assert.match(page.text, /console-customers tenant \(tenant API\)/);
      assert.match(page.text, /Email verified/);
    });

    it('shows documents with their failure reasons and file links, and the open review case', async () => {
      const customer = await createCustomer(api, { firstName: 'document', lastName: 'Papers' });
      const image = (await goodIdJpeg()).toString('base64');
      const uploaded = await api.post<{ id: string }>(`/v1/customers/${customer.id}/documents`, { documentType: 'license', image });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
      const [reviewCase] = (await t.verity.reviews.list({ limit: 100 })).filter((c) => c.customerId === customer.id);
      assert.ok(reviewCase);
      let page = await reviewer.client.get(`/console/customers/${customer.id}`);
      assert.match(page.text, /<code>review\.pending<\/code>/);
      assert.ok(page.text.includes(`href="/console/cases/${reviewCase.id}"`));
      assert.ok(page.text.includes(`href="/console/documents/${uploaded.body.id}/file"`));
      assert.match(page.text, /READY_FOR_MODERATION/);

      await t.verity.reviews.claim(reviewCase.id, reviewer.operator);
      await t.verity.reviews.decideDocument(reviewCase.id, uploaded.body.id, reviewer.operator, { decision: 'reject', reasons: ['ScanNotReadable'] });
      page = await reviewer.client.get(`/console/customers/${customer.id}`);
      assert.match(page.text, /<code>ScanNotReadable<\/code>/);
      assert.match(page.text, /badge-rejected/);
    });

    it('lists the webhook deliveries about the customer, and not those about others', async () => {
      const subscription = await api.post<{ id: string }>('/v1/webhook-subscriptions', { url: receiver.url });
      assert.equal(subscription.status, 201);
      try {
        const customer = await createCustomer(api, { firstName: 'Hooked' });
        const bystander = await createCustomer(api, { firstName: 'Bystander' });
        await t.verity.dispatcher.drain();
        const page = await reviewer.client.get(`/console/customers/${customer.id}`);
        const section = page.text.slice(page.text.indexOf('id="deliveries-heading"'));
        assert.match(section, /<code>customer_created<\/code>/);
        assert.match(section, /<code>customer_verified<\/code>/);
        assert.ok(section.includes(receiver.url));
        assert.equal(section.match(/badge-succeeded/g)?.length, 2);
        assert.match(section, /HTTP 200/);
        const rows = await t.verity.customerSearch.webhookDeliveries(customer.id);
        assert.equal(rows.length, 2);
        assert.ok(rows.every((r) => r.resourceId === customer.id && r.attempts === 1 && r.lastAttemptAt !== undefined));
        assert.ok(!(await t.verity.customerSearch.webhookDeliveries(customer.id)).some((r) => r.resourceId === bystander.id));
      } finally {
        await api.delete(`/v1/webhook-subscriptions/${subscription.body.id}`);
      }
    });

    it('escapes what customers are called', async () => {
      const customer = await createCustomer(api, { comment: '<img src=x onerror=alert(1)>' });
      await t.verity.store.db.updateTable('customers').set({ first_name: '<script>x</script>', search_text: '<script>x</script> scripted' }).where('id', '=', customer.id).execute();
      const page = await reviewer.client.get(`/console/customers/${customer.id}`);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes('&lt;script&gt;x&lt;/script&gt;'));
      assert.ok(!page.text.includes('<script>x</script>'));
      assert.ok(page.text.includes('&lt;img src=x onerror=alert(1)&gt;'));
      const results = await reviewer.client.get('/console/customers?q=scripted');
      assert.ok(results.text.includes('&lt;script&gt;x&lt;/script&gt;'));
      assert.ok(!results.text.includes('<script>x</script>'));
    });
  });

  describe('admin actions', () => {
    it('shows only the actions the status allows, to admins only', async () => {
      const customer = await createCustomer(api);
      const adminPage = await admin.client.get(`/console/customers/${customer.id}`);
      for (const button of ['Suspend customer', 'Deactivate customer', 'Close customer']) assert.ok(adminPage.text.includes(button), button);
      for (const button of ['Reinstate customer', 'Reactivate customer']) assert.ok(!adminPage.text.includes(button), button);
      assert.match(adminPage.text, /<form class="stack" method="post" action="\/console\/customers\/[^"]+\/actions\/close" data-confirm="[^"]+">/);
      assert.match(adminPage.text, /<label for="reason-suspend">/);
      const reviewerPage = await reviewer.client.get(`/console/customers/${customer.id}`);
      assert.equal(reviewerPage.status, 200);
      assert.doesNotMatch(reviewerPage.text, /\/actions\//);
      assert.doesNotMatch(reviewerPage.text, /Suspend customer/);
    });

    it('suspends with a reason: the history shows the operator and the reason; reinstating returns to verified', async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      await admin.client.get(path);
      const done = await admin.client.post(`${path}/actions/suspend`, { reason: 'Chargebacks from three cards' });
      assert.equal(done.status, 303);
      assert.equal(done.location, path);
      assert.equal((await t.verity.customers.get(t.tenant.id, customer.id)).status, 'suspended');
      const page = await admin.client.get(path);
      assert.match(page.text, /Customer suspended\./);
      assert.match(page.text, /<span class="badge badge-suspended">suspended<\/span>/);
      assert.ok(page.text.includes(`${admin.username} (admin)`));
      assert.match(page.text, /Chargebacks from three cards/);
      assert.ok(page.text.includes('Reinstate customer'));
      assert.ok(!page.text.includes('Suspend customer'));
      const history = await t.verity.customers.history(t.tenant.id, customer.id);
      const last = history.at(-1);
      assert.deepEqual([last?.action, last?.actorKind, last?.actorId, last?.comment], ['suspend', 'operator', admin.operator.id, 'Chargebacks from three cards']);

      assert.equal((await admin.client.post(`${path}/actions/reinstate`, { reason: 'Cards explained' })).status, 303);
      assert.equal((await t.verity.customers.get(t.tenant.id, customer.id)).status, 'verified');
    });

    it('marks a suspension for suspected fraud', async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      await admin.client.get(path);
      assert.equal((await admin.client.post(`${path}/actions/suspend`, { reason: 'Stolen identity', fraud: 'yes' })).status, 303);
      const status = await t.verity.customers.status(t.tenant.id, customer.id);
      assert.equal(status.dialects.delos, 'BANNED');
      assert.equal((await t.verity.customers.history(t.tenant.id, customer.id)).at(-1)?.reasonCode, 'fraud');
    });

    it('refuses an action without a reason, back on the page with the error, and changes nothing', async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      await admin.client.get(path);
      for (const reason of [undefined, '   ']) {
        const refused = await admin.client.post(`${path}/actions/deactivate`, reason === undefined ? {} : { reason }, { headers: { referer: `${t.url}${path}` } });
        assert.equal(refused.status, 303);
        assert.equal(refused.location, path);
        const page = await admin.client.get(path);
        assert.match(page.text, /notice-error/);
        assert.match(page.text, /A reason is required/);
      }
      const noReferer = await admin.client.post(`${path}/actions/close`, {});
      assert.equal(noReferer.status, 400);
      assert.equal((await t.verity.customers.get(t.tenant.id, customer.id)).status, 'verified');
    });

    it('refuses an action the status does not allow, and an unknown action', async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      await admin.client.get(path);
      const refused = await admin.client.post(`${path}/actions/reactivate`, { reason: 'Why not' }, { headers: { referer: `${t.url}${path}` } });
      assert.equal(refused.status, 303);
      assert.match((await admin.client.get(path)).text, /cannot be reactivated/);
      assert.equal((await admin.client.post(`${path}/actions/erase`, { reason: 'Why not' })).status, 404);
      assert.equal((await admin.client.post(`/console/customers/${randomUUID()}/actions/close`, { reason: 'Gone' })).status, 404);
    });

    it('refuses reviewers (403) and forms without the CSRF token, and changes nothing', async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      await reviewer.client.get(path);
      const forbidden = await reviewer.client.post(`${path}/actions/suspend`, { reason: 'I would like to' }, { headers: { referer: `${t.url}${path}` } });
      assert.equal(forbidden.status, 403);
      await admin.client.get(path);
      assert.equal((await admin.client.post(`${path}/actions/suspend`, { reason: 'No token' }, { csrf: false })).status, 403);
      assert.equal((await t.verity.customers.get(t.tenant.id, customer.id)).status, 'verified');
      assert.equal((await t.verity.customers.history(t.tenant.id, customer.id)).some((h) => h.action === 'suspend'), false);
    });

    it('closes for good: a closed customer offers no action', async () => {
      const customer = await createCustomer(api);
      const path = `/console/customers/${customer.id}`;
      await admin.client.get(path);
      assert.equal((await admin.client.post(`${path}/actions/close`, { reason: 'Asked to leave' })).status, 303);
      const page = await admin.client.get(path);
      assert.match(page.text, /<span class="badge badge-closed">closed<\/span>/);
      assert.match(page.text, /No action applies to a customer in status closed/);
    });
  });
});
