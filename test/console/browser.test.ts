import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { type ApiClient, apiClient, uniqueEmail } from '../support/api.js';
import { browserMissing, launchBrowser, screenshotDir } from '../support/browser.js';
import { goodIdJpeg } from '../support/images.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { credentials, idFromLink, JOHN, storage } from '../veratad/support.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The console in a real browser (Debian's Chromium): what a reviewer and an admin do with it.
// With VERITY_SCREENSHOTS=docs/screenshots (npm run screenshots) the main pages are saved too.

const PASSWORD = 'a long enough password';
let quality = 50;
/** A good ID photo with bytes of its own each time (the same file twice is refused as a duplicate). */
async function idPhoto(): Promise<string> {
  quality += 1;
  return (await sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer()).toString('base64');
}

async function signIn(page: Page, t: TestApp, username: string): Promise<void> {
  await page.goto(`${t.url}/console`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/queue$/);
}

async function shoot(page: Page, name: string): Promise<void> {
  const dir = screenshotDir();
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * A customer awaiting documents with an ID photo, as Veratad's createOrUpdateCustomer makes one
 * (identity fields and a front image): it opens a review case. Returns the customer's id.
 */
async function customerWithDocument(t: TestApp, firstName: string, lastName: string): Promise<string> {
  const response = await storage(t, {
    ...credentials(t),
    service: 'createOrUpdateCustomer',
    target: { ...JOHN, fn: firstName, ln: lastName, email: uniqueEmail(lastName.toLowerCase()), documents: { front: await idPhoto() } },
  });
  const body = response.body as { customer_link: string; status: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.status, 'PENDING');
  return idFromLink(body.customer_link);
}

/** The queue row of this customer's case; its Claim button opens the case. */
async function claimFromQueue(page: Page, t: TestApp, lastName: string): Promise<void> {
  await page.goto(`${t.url}/console/queue`);
  await page.getByRole('row').filter({ hasText: lastName }).getByRole('button', { name: 'Claim' }).click();
  await page.waitForURL(/\/console\/cases\//);
}

describe('the console in a browser', { skip: browserMissing }, () => {
  let t: TestApp;
  let api: ApiClient;
  let browser: Browser;
  let receiver: Receiver;

  before(async () => {
    browser = await launchBrowser();
    t = await startTestApp('console-browser');
    api = apiClient(t, await t.token());
    receiver = await startReceiver();
    await api.post('/v1/webhook-subscriptions', { url: receiver.url });
    for (const [username, role] of [['rita', 'reviewer'], ['ada', 'admin']] as const) {
      await t.verity.operators.create({ username, role, password: PASSWORD });
    }
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  it('signs in, shows the pages, and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/console/customers`);
    await page.waitForURL(/\/console\/sign-in\?next=/);
    await shoot(page, 'sign-in');
    await signIn(page, t, 'rita');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Review queue');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    await page.goto(`${t.url}/console/queue`);
    await page.waitForURL(/\/console\/sign-in\?next=/);
    await page.close();
  });

  it('a reviewer rejects a document with two reasons, the customer uploads again, the reviewer approves: verified, all in the timeline', async () => {
    const customerId = await customerWithDocument(t, 'Maria', 'Okafor');
    await customerWithDocument(t, 'Tomás', 'Lindqvist');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, t, 'rita');
    await shoot(page, 'queue');

    await claimFromQueue(page, t, 'Okafor');
    await shoot(page, 'case');
    const document = page.locator('article.document').first();
    await document.locator('input[name=reasons][value=ScanNotReadable]').check();
    await document.locator('input[name=reasons][value=ScanIdExpired]').check();
    await document.getByLabel('Comment').fill('Glare over the expiry date');
    await document.getByRole('button', { name: 'Reject document' }).click();
    await page.locator('.notice-ok', { hasText: 'Document rejected: ScanNotReadable, ScanIdExpired.' }).waitFor();
    await page.getByRole('button', { name: 'Request documents' }).click();
    await page.locator('.notice-ok', { hasText: 'More documents requested' }).waitFor();

    const again = await api.post(`/v1/customers/${customerId}/documents`, { documentType: 'idCard', side: 'front', image: await idPhoto() });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    await claimFromQueue(page, t, 'Okafor');
    await page.getByRole('button', { name: 'Accept document' }).click();
    await page.getByRole('button', { name: 'Approve customer' }).click();
    await page.locator('.notice-ok', { hasText: 'now verified' }).waitFor();
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');

    await t.verity.dispatcher.drain();
    await page.goto(`${t.url}/console/customers/${customerId}`);
    const history = page.locator('section', { has: page.getByRole('heading', { name: 'History' }) });
    const timeline = await history.innerText();
    for (const step of ['document_rejected', 'ScanNotReadable', 'Glare over the expiry date', 'review_request_documents', 'document_accepted', 'review_approve', 'rita']) {
      assert.ok(timeline.includes(step), `the timeline shows ${step}`);
    }
    assert.match(await page.locator('main').innerText(), /verified/);
    await shoot(page, 'customer');
    await page.goto(`${t.url}/console/customers?q=o`);
    await shoot(page, 'customers');
    await page.close();
  });

  it('keeps a reviewer away from admin actions', async () => {
    const customerId = await customerWithDocument(t, 'Ivo', 'Petrov');
    const page = await browser.newPage();
    await signIn(page, t, 'rita');
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0);
    const admin = await page.goto(`${t.url}/console/admin`);
    assert.equal(admin?.status(), 403);
    await page.goto(`${t.url}/console/customers/${customerId}`);
    assert.equal(await page.getByRole('button', { name: /Suspend/ }).count(), 0);
    const forced = await page.request.post(`${t.url}/console/customers/${customerId}/actions/suspend`, {
      form: { reason: 'trying', _csrf: (await page.locator('input[name=_csrf]').first().inputValue()) },
      headers: { origin: t.url },
    });
    assert.equal(forced.status(), 403);
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'document');
    await page.close();
  });

  it('refuses a form whose CSRF token is missing', async () => {
    await customerWithDocument(t, 'Lena', 'Brandt');
    const page = await browser.newPage();
    await signIn(page, t, 'rita');
    const row = page.getByRole('row').filter({ hasText: 'Brandt' });
    await row.locator('input[name=_csrf]').evaluate((input) => input.remove());
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), row.getByRole('button', { name: 'Claim' }).click()]);
    assert.equal(answer.status(), 403);
    await page.getByText('This form has expired').waitFor();
    await page.close();
  });

  it('shows webhooks and the admin pages to an admin', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, t, 'ada');
    await t.verity.dispatcher.drain();
    await page.goto(`${t.url}/console/webhooks`);
    await page.getByRole('link', { name: receiver.url }).click();
    await page.waitForURL(/\/console\/webhooks\/subscriptions\//);
    await shoot(page, 'webhooks');
    await page.goto(`${t.url}/console/admin`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Admin');
    await shoot(page, 'admin');
    await page.close();
  });
});

describe('four-eyes review in a browser', { skip: browserMissing }, () => {
  let t: TestApp;
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
    t = await startTestApp('console-four-eyes', { VERITY_FOUR_EYES: 'true' });
    for (const username of ['rita', 'sam']) await t.verity.operators.create({ username, role: 'reviewer', password: PASSWORD });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an approval needs a second operator', async () => {
    const api = apiClient(t, await t.token());
    const customerId = await customerWithDocument(t, 'Noor', 'Haddad');
    const rita = await browser.newPage();
    await signIn(rita, t, 'rita');
    await claimFromQueue(rita, t, 'Haddad');
    await rita.getByRole('button', { name: 'Accept document' }).click();
    await rita.getByRole('button', { name: 'Approve customer' }).click();
    await rita.getByText('A second, different operator must confirm').first().waitFor();
    assert.equal(await rita.getByRole('button', { name: 'Approve customer' }).count(), 0, 'the first operator cannot confirm');
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'document');

    const sam = await (await browser.newContext()).newPage();
    await signIn(sam, t, 'sam');
    await sam.goto(`${t.url}/console/queue?state=approved_once`);
    await sam.getByRole('row').filter({ hasText: 'Haddad' }).getByRole('button', { name: 'Claim' }).click();
    await sam.waitForURL(/\/console\/cases\//);
    await sam.getByRole('button', { name: 'Approve customer' }).click();
    await sam.locator('.notice-ok', { hasText: 'now verified' }).waitFor();
    assert.equal((await api.get<{ status: string }>(`/v1/customers/${customerId}`)).body.status, 'verified');
  });
});
