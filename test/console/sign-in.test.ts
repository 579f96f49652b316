import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consoleClient, signedInOperator } from '../support/console-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('console sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-sign-in');
  });
  after(() => t.close());

  it('sends a visitor without a session to sign in, and back to the page afterwards', async () => {
    const browser = consoleClient(t);
    const page = await browser.get('/console/customers?search=ann');
    assert.equal(page.status, 303);
    assert.equal(page.location, `/console/sign-in?next=${encodeURIComponent('/console/customers?search=ann')}`);
    await t.verity.operators.create({ username: 'back-again', role: 'reviewer', password: 'back-again-password' });
    const signedIn = await browser.signIn('back-again', 'back-again-password', '/console/customers?search=ann');
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, '/console/customers?search=ann');
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('verity_console='));
    assert.match(session ?? '', /HttpOnly/);
    assert.match(session ?? '', /SameSite=Lax/);
    assert.match(session ?? '', /Path=\/console/);
    assert.equal((await browser.get('/console/customers')).status, 200);
  });

  it('never redirects off the console after sign-in', async () => {
    await t.verity.operators.create({ username: 'no-open-redirect', role: 'reviewer', password: 'no-open-redirect-pw' });
    for (const next of ['https://evil.example/', '//evil.example/console', '/console\\@evil.example']) {
      const answer = await consoleClient(t).signIn('no-open-redirect', 'no-open-redirect-pw', next);
      assert.equal(answer.status, 303);
      assert.equal(answer.location, '/console/queue', next);
    }
  });

  it('refuses a wrong password with the form again, and locks the account for this address after five failures', async () => {
    await t.verity.operators.create({ username: 'lock-me', role: 'reviewer', password: 'lock-me-password' });
    const browser = consoleClient(t);
    for (let i = 0; i < 5; i++) {
      const wrong = await browser.signIn('lock-me', 'not-the-password');
      assert.equal(wrong.status, 401);
      assert.match(wrong.text, /Invalid username or password/);
    }
    // Locked: the same answer as a wrong password or an unknown name, so it tells nobody anything.
    const locked = await browser.signIn('lock-me', 'lock-me-password');
    assert.equal(locked.status, 401);
    assert.match(locked.text, /Invalid username or password/);
    assert.equal(locked.headers.get('retry-after'), null);
    const unknown = await browser.signIn('no-such-operator', 'lock-me-password');
    assert.equal(unknown.status, 401);
    assert.match(unknown.text, /Invalid username or password/);
    t.clock.advance(61_000);
    assert.equal((await browser.signIn('lock-me', 'lock-me-password')).status, 303);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    await t.verity.operators.create({ username: 'csrf-sign-in', role: 'reviewer', password: 'csrf-sign-in-password' });
    const browser = consoleClient(t);
    await browser.get('/console/sign-in');
    const answer = await browser.post('/console/sign-in', { username: 'csrf-sign-in', password: 'csrf-sign-in-password' }, { csrf: false });
    assert.equal(answer.status, 403);
  });

  it('signs out: the old cookie no longer opens a page', async () => {
    const { client } = await signedInOperator(t, 'reviewer');
    const stolen = client.cookies.get('verity_console');
    assert.equal((await client.post('/console/sign-out')).status, 303);
    const replay = await fetch(`${t.url}/console/queue`, { redirect: 'manual', headers: { cookie: `verity_console=${stolen}` } });
    assert.equal(replay.status, 303);
  });

  it('ends the sessions of a disabled operator', async () => {
    const { client, operator } = await signedInOperator(t, 'reviewer');
    const { operator: admin } = await signedInOperator(t, 'admin');
    await t.verity.operators.setDisabled(operator.id, true, admin);
    assert.equal((await client.get('/console/queue')).status, 303);
    const again = await consoleClient(t).signIn(operator.username, 'reviewer-password-long-enough');
    assert.equal(again.status, 401);
  });

  it('refuses a form from a signed-in browser without the CSRF token, or from another origin', async () => {
    const { client } = await signedInOperator(t, 'reviewer');
    assert.equal((await client.post('/console/sign-out', {}, { csrf: false })).status, 403);
    assert.equal((await client.post('/console/sign-out', { _csrf: 'forged' })).status, 403);
    assert.equal((await client.post('/console/sign-out', {}, { headers: { origin: 'https://evil.example' } })).status, 403);
    assert.equal((await client.get('/console/queue')).status, 200, 'still signed in');
  });

  it('serves pages with a strict content security policy and no caching', async () => {
    const { client } = await signedInOperator(t, 'reviewer');
    const page = await client.get('/console/queue');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });
});

// An app of its own: sign-in attempts are limited per client address.
describe('console sign-in with an unusable next page', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('console-sign-in-next');
  });
  after(() => t.close());

  it('goes to the console home instead of a next page with line breaks or characters a Location header cannot carry', async () => {
    await t.verity.operators.create({ username: 'odd-next', role: 'reviewer', password: 'odd-next-password' });
    const odd = ['/console/queue\r\nSet-Cookie: planted=1', '/console/customers?search=\u65e5\u672c', '/console/caf\u00e9', '/console/queue\nx', '/console/\u0100', '/console/a b'];
    let browser = consoleClient(t);
    for (const next of odd) {
      browser = consoleClient(t);
      const answer = await browser.signIn('odd-next', 'odd-next-password', next);
      assert.equal(answer.status, 303, JSON.stringify(next));
      assert.equal(answer.location, '/console/queue', JSON.stringify(next));
      assert.equal(answer.headers.get('set-cookie')?.includes('planted'), false);
    }
    for (const next of odd) {
      const again = await browser.get(`/console/sign-in?next=${encodeURIComponent(next)}`);
      assert.equal(again.status, 303, JSON.stringify(next));
      assert.equal(again.location, '/console/queue', JSON.stringify(next));
    }
  });
});
