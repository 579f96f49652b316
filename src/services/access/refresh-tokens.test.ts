import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compose, type Verity } from '../../compose.js';
import { loadConfig } from '../../config.js';
import { InvalidAccessTokenError, InvalidCredentialsError } from '../../domain/errors.js';
import { migrateToLatest } from '../../store/migrator.js';
import { markTokenUsed } from '../../store/refresh-tokens-repository.js';
import { TestClock } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { INVALID_REFRESH_TOKEN, REFRESH_TOKEN_TTL_SECONDS, REVOKED_REFRESH_TOKEN } from './refresh-tokens.js';

// Refresh-token families on a real database (SQLite, or PostgreSQL with VERITY_TEST_DATABASE_URL).

let database: TestDatabase;
let verity: Verity;
const clock = new TestClock();

before(async () => {
  database = await createTestDatabase('refresh-tokens');
  verity = compose(loadConfig({ VERITY_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl, LOG_LEVEL: 'silent' }), { clock });
  await migrateToLatest(verity.store.db);
});

after(async () => {
  await verity.close();
  await database.drop();
});

async function newTenant(name: string) {
  const { tenant, secret } = await verity.tenants.create({ name });
  return { tenant, key: tenant.key, secret };
}

function refused(message: string) {
  return (error: unknown) => error instanceof InvalidAccessTokenError && error.detail === message;
}

describe('login', () => {
  test('a key and secret give an access token for the tenant and a refresh token of a new family', async () => {
    const { tenant, key, secret } = await newTenant('login');
    const session = await verity.refreshTokens.login(key, secret);
    assert.equal(session.tenant.id, tenant.id);
    assert.equal(session.accessTtl, verity.config.tokenTtlSeconds);
    assert.equal(session.refreshTtl, REFRESH_TOKEN_TTL_SECONDS);
    assert.match(session.refreshToken, /^[\w-]{40,}$/);
    assert.equal((await verity.authenticator.tenantForToken(session.accessToken)).id, tenant.id);
    const other = await verity.refreshTokens.login(key, secret);
    assert.notEqual(other.familyId, session.familyId);
    assert.notEqual(other.refreshToken, session.refreshToken);
  });

  test('a wrong secret is InvalidCredentialsError', async () => {
    const { key } = await newTenant('wrong-secret');
    await assert.rejects(verity.refreshTokens.login(key, 'vs_wrong'), InvalidCredentialsError);
  });

  test('only a keyed hash of the token is stored', async () => {
    const { key, secret } = await newTenant('stored-hash');
    const session = await verity.refreshTokens.login(key, secret);
    const rows = await verity.store.db.selectFrom('refresh_tokens').selectAll().where('family_id', '=', session.familyId).execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(session.refreshToken));
  });
});

describe('refresh', () => {
  test('uses the token up and issues the next of the same family; the next one works in turn', async () => {
    const { tenant, key, secret } = await newTenant('rotate');
    const first = await verity.refreshTokens.login(key, secret);
    const second = await verity.refreshTokens.refresh(first.refreshToken);
    assert.equal(second.familyId, first.familyId);
    assert.equal(second.tenant.id, tenant.id);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.equal((await verity.authenticator.tenantForToken(second.accessToken)).id, tenant.id);
    const third = await verity.refreshTokens.refresh(second.refreshToken);
    assert.equal(third.familyId, first.familyId);
  });

  test('a used token presented again revokes the whole family, the newest token included', async () => {
    const { key, secret } = await newTenant('reuse');
    const first = await verity.refreshTokens.login(key, secret);
    const second = await verity.refreshTokens.refresh(first.refreshToken);
    await assert.rejects(verity.refreshTokens.refresh(first.refreshToken), refused(REVOKED_REFRESH_TOKEN));
    await assert.rejects(verity.refreshTokens.refresh(second.refreshToken), refused(REVOKED_REFRESH_TOKEN));
    // Another login is another family, untouched.
    const fresh = await verity.refreshTokens.login(key, secret);
    await verity.refreshTokens.refresh(fresh.refreshToken);
  });

  test('an unknown token is refused as invalid', async () => {
    await assert.rejects(verity.refreshTokens.refresh('vrt_unknown'), refused(INVALID_REFRESH_TOKEN));
    await assert.rejects(verity.refreshTokens.refresh(''), refused(INVALID_REFRESH_TOKEN));
  });

  test('a token expires after its time to live', async () => {
    const { key, secret } = await newTenant('expiry');
    const session = await verity.refreshTokens.login(key, secret);
    clock.advance(REFRESH_TOKEN_TTL_SECONDS * 1000 - 1000);
    const next = await verity.refreshTokens.refresh(session.refreshToken);
    // The next token's lifetime starts at its own issue.
    clock.advance(REFRESH_TOKEN_TTL_SECONDS * 1000);
    await assert.rejects(verity.refreshTokens.refresh(next.refreshToken), refused(INVALID_REFRESH_TOKEN));
  });

  test('rotating the tenant secret revokes its refresh tokens', async () => {
    const { tenant, key, secret } = await newTenant('rotation');
    const session = await verity.refreshTokens.login(key, secret);
    const rotated = await verity.tenants.rotateSecret(tenant.id);
    await assert.rejects(verity.refreshTokens.refresh(session.refreshToken), refused(REVOKED_REFRESH_TOKEN));
    const again = await verity.refreshTokens.login(key, rotated.secret);
    await verity.refreshTokens.refresh(again.refreshToken);
  });

  test('of concurrent refreshes of one token exactly one wins; the others are refused', async () => {
    const { key, secret } = await newTenant('race');
    for (let round = 0; round < 5; round++) {
      const session = await verity.refreshTokens.login(key, secret);
      const outcomes = await Promise.allSettled([
        verity.refreshTokens.refresh(session.refreshToken),
        verity.refreshTokens.refresh(session.refreshToken),
        verity.refreshTokens.refresh(session.refreshToken),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: ${JSON.stringify(outcomes.map((o) => o.status))}`);
      // A loser that read the token before the winner used it is refused as invalid; one that
      // read it used is a reuse and revokes the family. Which happens depends on the timing.
      for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
        assert.ok(refused(INVALID_REFRESH_TOKEN)(lost.reason) || refused(REVOKED_REFRESH_TOKEN)(lost.reason), String(lost.reason));
      }
    }
  });

  test('a token is used up by one conditional update: a second one finds it used', async () => {
    const { key, secret } = await newTenant('conditional');
    const session = await verity.refreshTokens.login(key, secret);
    const [row] = await verity.store.db.selectFrom('refresh_tokens').select('token_hash').where('family_id', '=', session.familyId).execute();
    const hash = (row as { token_hash: string }).token_hash;
    const now = clock.now().toISOString();
    assert.equal(await markTokenUsed(verity.store.db, hash, now), true);
    assert.equal(await markTokenUsed(verity.store.db, hash, now), false);
  });

  test('purging deletes expired tokens and the families they leave empty', async () => {
    const { key, secret } = await newTenant('purge');
    const session = await verity.refreshTokens.login(key, secret);
    clock.advance(REFRESH_TOKEN_TTL_SECONDS * 1000 + 1000);
    assert.ok((await verity.refreshTokens.purgeExpired()) >= 1);
    const family = await verity.store.db.selectFrom('refresh_token_families').select('id').where('id', '=', session.familyId).executeTakeFirst();
    assert.equal(family, undefined);
    await assert.rejects(verity.refreshTokens.refresh(session.refreshToken), refused(INVALID_REFRESH_TOKEN));
  });
});
