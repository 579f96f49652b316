import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  test('defaults give the embedded sandbox server on 127.0.0.1:8080', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.mode, 'sandbox');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.deepEqual(config.database, { engine: 'sqlite', path: path.resolve('./data/verity.db') });
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(config.masterKey, undefined);
    assert.equal(config.logLevel, 'info');
    assert.ok(Object.isFrozen(config));
  });

  test('a postgres:// DATABASE_URL selects PostgreSQL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/verity' });
    assert.deepEqual(config.database, { engine: 'postgres', url: 'postgres://u@db:5432/verity' });
  });

  test('VERITY_PUBLIC_URL loses its trailing slash; the default follows HOST and PORT', () => {
    assert.equal(loadConfig({ VERITY_PUBLIC_URL: 'https://kyc.example.com/' }).publicUrl, 'https://kyc.example.com');
    assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }).publicUrl, 'http://127.0.0.1:9000');
  });

  test('a 32-byte base64 master key is accepted', () => {
    const key = Buffer.alloc(32, 1);
    assert.deepEqual(loadConfig({ VERITY_MASTER_KEY: key.toString('base64') }).masterKey, key);
  });

  test('every problem is reported at once', () => {
    try {
      loadConfig({
        PORT: 'http',
        VERITY_MODE: 'staging',
        DATABASE_URL: 'mysql://x',
        VERITY_PUBLIC_URL: 'ftp://x',
        VERITY_MASTER_KEY: 'c2hvcnQ=',
        LOG_LEVEL: 'loud',
        VERITY_TRUST_PROXY: 'maybe',
      });
      assert.fail('expected ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const names = ['PORT', 'VERITY_MODE', 'DATABASE_URL', 'VERITY_PUBLIC_URL', 'VERITY_MASTER_KEY', 'LOG_LEVEL', 'VERITY_TRUST_PROXY'];
      for (const name of names) assert.ok(error.problems.some((p) => p.startsWith(name)), `${name} reported`);
      assert.match(error.message, /Invalid configuration/);
    }
  });

  test('VERITY_TRUST_PROXY takes a hop count or proxy addresses; true is refused with what to write instead', () => {
    assert.equal(loadConfig({}).trustProxy, undefined);
    assert.equal(loadConfig({ VERITY_TRUST_PROXY: 'false' }).trustProxy, undefined);
    assert.equal(loadConfig({ VERITY_TRUST_PROXY: '0' }).trustProxy, undefined);
    assert.deepEqual(loadConfig({ VERITY_TRUST_PROXY: '2' }).trustProxy, { hops: 2 });
    assert.deepEqual(loadConfig({ VERITY_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy, {
      addresses: ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback'],
    });
    for (const yes of ['true', 'TRUE', 'yes', 'on']) {
      assert.throws(() => loadConfig({ VERITY_TRUST_PROXY: yes }), /would believe any X-Forwarded-For.*VERITY_TRUST_PROXY=1.*VERITY_TRUST_PROXY=10\.0\.0\.0\/8,127\.0\.0\.1/s);
    }
    for (const bad of ['11', '10.0.0.0/33', '300.1.1.1', '10.0.0.1,proxy.internal', '::1/129', '10.0.0.0/8/1']) {
      assert.throws(() => loadConfig({ VERITY_TRUST_PROXY: bad }), /VERITY_TRUST_PROXY must be/, bad);
    }
  });

  test('one-time codes are capped at 10 per customer and 5 per destination a day unless set; 0 turns a cap off', () => {
    assert.deepEqual(loadConfig({}).codeCaps, { perCustomer: 10, perDestination: 5 });
    assert.deepEqual(loadConfig({ VERITY_CODES_PER_CUSTOMER_PER_DAY: '0', VERITY_CODES_PER_DESTINATION_PER_DAY: '3' }).codeCaps, { perCustomer: 0, perDestination: 3 });
    assert.throws(() => loadConfig({ VERITY_CODES_PER_DESTINATION_PER_DAY: '-1' }), /VERITY_CODES_PER_DESTINATION_PER_DAY must be an integer/);
  });

  test('VERITY_CLOCK_SKEW_SECONDS: 30 by default, 0 to 300, shorter than the token lifetime', () => {
    assert.equal(loadConfig({}).clockSkewSeconds, 30);
    assert.equal(loadConfig({ VERITY_CLOCK_SKEW_SECONDS: '0' }).clockSkewSeconds, 0);
    assert.throws(() => loadConfig({ VERITY_CLOCK_SKEW_SECONDS: '301' }), /VERITY_CLOCK_SKEW_SECONDS must be an integer from 0 to 300/);
    assert.throws(() => loadConfig({ VERITY_CLOCK_SKEW_SECONDS: '-5' }), /VERITY_CLOCK_SKEW_SECONDS/);
    assert.throws(
      () => loadConfig({ VERITY_CLOCK_SKEW_SECONDS: '200', VERITY_TOKEN_TTL_SECONDS: '120' }),
      /VERITY_CLOCK_SKEW_SECONDS must be shorter than VERITY_TOKEN_TTL_SECONDS/,
    );
  });

  test('UV_THREADPOOL_SIZE: 4 by default (libuv reads it too), 1 to 1024', () => {
    assert.equal(loadConfig({}).threadPoolSize, 4);
    assert.equal(loadConfig({ UV_THREADPOOL_SIZE: '16' }).threadPoolSize, 16);
    assert.throws(() => loadConfig({ UV_THREADPOOL_SIZE: '0' }), /UV_THREADPOOL_SIZE must be an integer from 1 to 1024/);
  });

  test('production mode requires the master key', () => {
    assert.throws(() => loadConfig({ VERITY_MODE: 'production' }), /VERITY_MASTER_KEY is required/);
  });

  test("webhooks default to Dwolla's retry schedule, 10 per tenant, 10 s; sandbox reaches loopback, production is https only", () => {
    const sandbox = loadConfig({}).webhooks;
    assert.deepEqual(sandbox.retrySchedule, [900, 2700, 7200, 10800, 21600, 43200, 86400, 86400]);
    assert.equal(sandbox.maxSubscriptions, 10);
    assert.equal(sandbox.timeoutSeconds, 10);
    assert.deepEqual([sandbox.allowLoopback, sandbox.httpsOnly, sandbox.dispatch], [true, false, true]);
    const production = loadConfig({ VERITY_MODE: 'production', VERITY_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') }).webhooks;
    assert.deepEqual([production.allowLoopback, production.httpsOnly], [false, true]);
  });

  test('webhook settings are read and checked', () => {
    const webhooks = loadConfig({
      VERITY_WEBHOOK_RETRY_SCHEDULE: '30s, 5m, 1h',
      VERITY_WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8, fd00::/8',
      VERITY_WEBHOOK_DISPATCH: 'false',
      VERITY_WEBHOOK_MAX_SUBSCRIPTIONS: '3',
    }).webhooks;
    assert.deepEqual(webhooks.retrySchedule, [30, 300, 3600]);
    assert.deepEqual(webhooks.allowedNetworks, ['10.0.0.0/8', 'fd00::/8']);
    assert.equal(webhooks.dispatch, false);
    assert.equal(webhooks.maxSubscriptions, 3);
    try {
      loadConfig({
        VERITY_WEBHOOK_RETRY_SCHEDULE: '15m,soon',
        VERITY_WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0',
        VERITY_WEBHOOK_TIMEOUT_SECONDS: '30',
        VERITY_WEBHOOK_LEASE_SECONDS: '20',
      });
      assert.fail('expected ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      for (const name of ['VERITY_WEBHOOK_RETRY_SCHEDULE', 'VERITY_WEBHOOK_ALLOWED_NETWORKS', 'VERITY_WEBHOOK_LEASE_SECONDS']) {
        assert.ok(error.problems.some((p) => p.startsWith(name)), `${name} reported`);
      }
    }
  });

  test('notification settings: SMTP and SMS gateway URLs are checked', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', VERITY_SMS_WEBHOOK_URL: 'https://sms.example.com/send', VERITY_SMS_WEBHOOK_TOKEN: 't' });
    assert.equal(config.notifications.smtpUrl, 'smtps://u:p@mail.example.com:465');
    assert.equal(config.notifications.smsWebhookToken, 't');
    assert.equal(loadConfig({}).notifications.smtpUrl, undefined);
    assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.com', VERITY_SMS_WEBHOOK_URL: 'ftp://x' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.problems.some((p) => p.startsWith('SMTP_URL')));
      assert.ok(error.problems.some((p) => p.startsWith('VERITY_SMS_WEBHOOK_URL')));
      return true;
    });
  });

  describe('identity-data provider', () => {
    const productionKey = Buffer.alloc(32, 1).toString('base64');

    test('undefined unless VERITY_IDENTITY_PROVIDER_URL is set; defaults otherwise', () => {
      assert.equal(loadConfig({}).identityProvider, undefined);
      assert.equal(loadConfig({ VERITY_IDENTITY_PROVIDER_TOKEN: 't' }).identityProvider, undefined);
      assert.deepEqual(loadConfig({ VERITY_IDENTITY_PROVIDER_URL: 'https://bridge.example.com/check', VERITY_IDENTITY_PROVIDER_TOKEN: 'tok' }).identityProvider, {
        url: 'https://bridge.example.com/check',
        token: 'tok',
        timeoutMs: 10_000,
        failureThreshold: 5,
        cooldownMs: 30_000,
        retryBaseMs: 2000,
        retryMaxMs: 300_000,
      });
    });

    test('every setting is read', () => {
      const provider = loadConfig({
        VERITY_IDENTITY_PROVIDER_URL: 'http://10.0.0.5:9000/check',
        VERITY_IDENTITY_PROVIDER_TOKEN: 'tok',
        VERITY_IDENTITY_PROVIDER_TIMEOUT_MS: '2500',
        VERITY_IDENTITY_PROVIDER_BREAKER_FAILURES: '3',
        VERITY_IDENTITY_PROVIDER_BREAKER_COOLDOWN_MS: '60000',
        VERITY_IDENTITY_PROVIDER_RETRY_BASE_MS: '500',
        VERITY_IDENTITY_PROVIDER_RETRY_MAX_MS: '5000',
      }).identityProvider;
      assert.deepEqual(provider, {
        url: 'http://10.0.0.5:9000/check',
        token: 'tok',
        timeoutMs: 2500,
        failureThreshold: 3,
        cooldownMs: 60_000,
        retryBaseMs: 500,
        retryMaxMs: 5000,
      });
    });

    test('the token is required with the URL, and bad values are all reported', () => {
      assert.throws(() => loadConfig({ VERITY_IDENTITY_PROVIDER_URL: 'https://bridge.example.com' }), /VERITY_IDENTITY_PROVIDER_TOKEN is required/);
      assert.throws(() => loadConfig({ VERITY_IDENTITY_PROVIDER_URL: 'https://bridge.example.com', VERITY_IDENTITY_PROVIDER_TOKEN: 'a b' }), /VERITY_IDENTITY_PROVIDER_TOKEN/);
      try {
        loadConfig({
          VERITY_IDENTITY_PROVIDER_URL: 'ftp://bridge.example.com',
          VERITY_IDENTITY_PROVIDER_TIMEOUT_MS: '99',
          VERITY_IDENTITY_PROVIDER_BREAKER_FAILURES: '0',
          VERITY_IDENTITY_PROVIDER_RETRY_BASE_MS: '10000',
          VERITY_IDENTITY_PROVIDER_RETRY_MAX_MS: '5000',
        });
        assert.fail('expected ConfigError');
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        for (const name of ['URL', 'TOKEN', 'TIMEOUT_MS', 'BREAKER_FAILURES', 'RETRY_MAX_MS']) {
          assert.ok(error.problems.some((p) => p.startsWith(`VERITY_IDENTITY_PROVIDER_${name}`)), `${name} reported`);
        }
      }
      assert.throws(() => loadConfig({ VERITY_IDENTITY_PROVIDER_URL: 'https://b.example.com', VERITY_IDENTITY_PROVIDER_TOKEN: 't', VERITY_IDENTITY_PROVIDER_TIMEOUT_MS: '120001' }), /from 100 to 120000/);
      assert.throws(() => loadConfig({ VERITY_IDENTITY_PROVIDER_URL: 'not a url', VERITY_IDENTITY_PROVIDER_TOKEN: 't' }), /VERITY_IDENTITY_PROVIDER_URL must be an absolute http\(s\) URL/);
    });

    test('production mode takes plain http only to a loopback bridge', () => {
      const production = (url: string) => loadConfig({ VERITY_MODE: 'production', VERITY_MASTER_KEY: productionKey, VERITY_IDENTITY_PROVIDER_URL: url, VERITY_IDENTITY_PROVIDER_TOKEN: 't' });
      for (const url of ['https://bureau.example.com/check', 'http://127.0.0.1:9000/check', 'http://localhost:9000', 'http://[::1]:9000/check', 'http://127.0.0.2/check']) {
        assert.equal(production(url).identityProvider?.url, url);
      }
      for (const url of ['http://bureau.example.com/check', 'http://10.0.0.5:9000', 'http://127.0.0.1.example.com/check', 'http://[::2]/']) {
        assert.throws(() => production(url), /VERITY_IDENTITY_PROVIDER_URL must be https in production mode/, url);
      }
    });
  });
});
