import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { type ApiClient, apiClient, personal } from '../support/api.js';
import { browserMissing, launchBrowser } from '../support/browser.js';
import { goodIdJpeg } from '../support/images.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Layout as a reviewer sees it, measured in a real browser: the customer's data stays beside the
// documents while they scroll, and the largest amounts stay inside the balances card.

const PASSWORD = 'a long enough password';
let quality = 40;
async function idPhoto(): Promise<string> {
  quality += 1;
  return (await sharp(await goodIdJpeg()).jpeg({ quality }).toBuffer()).toString('base64');
}

async function signIn(page: Page, t: TestApp, username: string): Promise<void> {
  await page.goto(`${t.url}/console/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/queue$/);
}

describe('console layout in a browser', { skip: browserMissing }, () => {
  let t: TestApp;
  let api: ApiClient;
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
    t = await startTestApp('console-browser-layout');
    api = apiClient(t, await t.token());
    await t.verity.operators.create({ username: 'rita', role: 'reviewer', password: PASSWORD });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("keeps the customer's data in view beside the documents while the reviewer scrolls them", async () => {
    const created = await api.post<{ id: string }>('/v1/customers', personal({ firstName: 'document', lastName: 'Scrollwell' }));
    for (const side of ['front', 'back']) {
      const uploaded = await api.post(`/v1/customers/${created.body.id}/documents`, { documentType: 'license', side, image: await idPhoto() });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await signIn(page, t, 'rita');
    await page.getByRole('row').filter({ hasText: 'Scrollwell' }).getByRole('button', { name: 'Claim' }).click();
    await page.waitForURL(/\/console\/cases\//);

    // Down to the last document's decision: well below the first screen.
    await page.getByRole('button', { name: 'Reject document' }).last().scrollIntoViewIfNeeded();
    const scrolled = Number(await page.evaluate('window.scrollY'));
    assert.ok(scrolled > 400, `the page scrolled (${scrolled}px)`);
    const card = page.locator('section', { has: page.locator('#customer-heading') });
    const box = await card.boundingBox();
    const heading = await page.locator('#customer-heading').boundingBox();
    const documentBox = await page.locator('article.document').last().boundingBox();
    assert.ok(box && heading && documentBox);
    assert.ok(heading.y >= 0 && heading.y + heading.height <= 800, `the Customer heading is on screen (y ${heading.y})`);
    assert.ok(box.x + box.width <= documentBox.x, 'the data card is beside the document, not above it');
    assert.ok(await page.getByText('Scrollwell', { exact: false }).first().isVisible());
    await page.close();
  });

  for (const width of [1400, 1000]) {
    it(`keeps a 15-digit balance inside the balances card (${width}px wide)`, async () => {
      const created = await api.post<{ id: string; status: string }>('/v1/customers', personal({ lastName: `Rich${width}` }));
      assert.equal(created.body.status, 'verified');
      const amount = { currencyCode: 'USD', units: '999999999999999', nanos: 999_999_999 };
      const credit = await api.post(`/v1/customers/${created.body.id}/balances/credit`, { amount }, { 'idempotency-key': randomUUID() });
      assert.equal(credit.status, 201, JSON.stringify(credit.body));
      const hold = await api.post(`/v1/customers/${created.body.id}/balances/hold`, { amount: { ...amount, units: '888888888888888' } }, { 'idempotency-key': randomUUID() });
      assert.equal(hold.status, 201, JSON.stringify(hold.body));

      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signIn(page, t, 'rita');
      await page.goto(`${t.url}/console/customers/${created.body.id}`);
      const card = page.locator('section', { has: page.locator('#balances-heading') });
      await card.waitFor();
      const measured = await card.evaluate((section) => {
        const edge = section.getBoundingClientRect();
        const inner = [...section.querySelectorAll('table, td, th')].map((cell) => cell.getBoundingClientRect());
        return {
          cardRight: edge.right,
          contentRight: Math.max(...inner.map((r) => r.right)),
          overflowing: section.scrollWidth > section.clientWidth,
          cellsOverflowing: [...section.querySelectorAll('td')].filter((cell) => cell.scrollWidth > cell.clientWidth).length,
          text: section.textContent ?? '',
        };
      });
      assert.ok(measured.text.replace(/\s/g, '').includes('888888888888888.999999999USD'), measured.text);
      assert.equal(measured.overflowing, false, 'the card does not scroll sideways');
      assert.equal(measured.cellsOverflowing, 0, 'no amount runs out of its cell');
      assert.ok(measured.contentRight <= measured.cardRight, `the table ends inside the card (${measured.contentRight} <= ${measured.cardRight})`);
      await page.close();
    });
  }
});
