import path from 'node:path';
import type { Config } from './config.js';
import { resolveMasterKey } from './adapters/crypto/master-key.js';
import { makeDataDirectoryPrivate } from './kit/data-directory.js';
import { deriveKey, sizeHashingForThreadPool } from './adapters/crypto/secrets.js';
import { type Clock, systemClock } from './domain/clock.js';
import { AccessTokenService } from './services/access/access-tokens.js';
import { Authenticator } from './services/access/authenticator.js';
import { RefreshTokenService } from './services/access/refresh-tokens.js';
import { PiiVault } from './adapters/crypto/pii-vault.js';
import { RulesVerifier } from './domain/verification/rules-verifier.js';
import { CustomerService } from './services/customers/customer-service.js';
import { CustomerStorageService } from './services/customers/customer-storage.js';
import { CustomerSearch } from './services/customers/customer-search.js';
import { EncryptedFsBlobStore } from './adapters/blobs/encrypted-fs-blob-store.js';
import { DEFAULT_IMAGE_CHECK_THRESHOLDS } from './adapters/image-inspection/image-checks.js';
import { DocumentService } from './services/documents/document-service.js';
import { IdempotencyService } from './services/idempotency.js';
import { ReviewService } from './services/reviews/review-service.js';
import { OperatorService } from './services/access/operators.js';
import { ConsoleSessionService } from './services/access/console-sessions.js';
import { AuditLog } from './services/access/audit-log.js';
import { TenantService } from './services/access/tenants.js';
import { openStore, type Store } from './store/connect.js';
import { SchemaService } from './services/schema.js';
import { LedgerService } from './services/ledger/ledger-service.js';
import { type Notifier, OnboardingService } from './services/onboarding/onboarding-service.js';
import { CodeSendCaps } from './services/onboarding/code-send-caps.js';
import { LogEmailSender, SmtpEmailSender } from './adapters/notifications/smtp-email-sender.js';
import { HttpSmsSender, LogSmsSender } from './adapters/notifications/sms-senders.js';
import { WebhookDispatcher } from './services/webhooks/dispatcher.js';
import { WebhookDeliveryService } from './services/webhooks/delivery-service.js';
import { EventService } from './services/webhooks/event-service.js';
import { WebhookSubscriptionService } from './services/webhooks/subscription-service.js';
import { WebhookSender } from './adapters/webhook-sender/sender.js';
import { createAddressCheck } from './adapters/webhook-sender/ssrf-guard.js';
import { type MagicValuesFor, usesMagicValues } from './domain/tenant.js';
import { HttpIdentityProvider } from './adapters/identity-provider/http-identity-provider.js';
import { CircuitBreaker } from './kit/circuit-breaker.js';
import { ProviderVerificationWorker } from './services/verification/provider-worker.js';
import { IdentityScreening } from './services/customers/identity-screening.js';
import { SanctionsScreening } from './services/screening/sanctions-screening.js';
import { ListIndexes } from './services/screening/list-indexes.js';
import { CustomerScreener } from './services/screening/customer-screener.js';
import { ListImports } from './services/screening/list-imports.js';
import { ScreeningLists } from './services/screening/screening-lists.js';
import { RescreenSchedule } from './services/screening/rescreen-schedule.js';
import { Rescreens } from './services/screening/rescreens.js';
import { ScreeningQueries } from './services/screening/screening-queries.js';
import { ScreeningDecisions } from './services/reviews/screening-decisions.js';
import { DocumentReading } from './services/documents/document-reading.js';
import { OfflineDocumentReader } from './adapters/document-reading/offline-document-reader.js';
import type { IdentityProviderConfig } from './config.js';

/** Everything the doors (HTTP, CLI, workers) need, built once from the configuration. */
export interface Verity {
  readonly config: Config;
  readonly store: Store;
  /** Migrations: applied by `verity migrate` (and on start in sandbox mode). */
  readonly schema: SchemaService;
  readonly clock: Clock;
  readonly tenants: TenantService;
  readonly operators: OperatorService;
  /** Signed-in browsers of the back-office console. */
  readonly consoleSessions: ConsoleSessionService;
  /** What operators do outside any customer's history. */
  readonly audit: AuditLog;
  readonly customers: CustomerService;
  /** Create-or-update with identity images in one call, for storage dialects (Veratad). */
  readonly customerStorage: CustomerStorageService;
  /** Operators' reads across tenants: search, any tenant's customer, deliveries about it. */
  readonly customerSearch: CustomerSearch;
  readonly idempotency: IdempotencyService;
  readonly documents: DocumentService;
  readonly blobs: EncryptedFsBlobStore;
  readonly reviews: ReviewService;
  readonly authenticator: Authenticator;
  /** Delos logins: single-use refresh tokens in families. */
  readonly refreshTokens: RefreshTokenService;
  readonly events: EventService;
  readonly ledger: LedgerService;
  readonly onboarding: OnboardingService;
  readonly webhookSubscriptions: WebhookSubscriptionService;
  readonly webhookDeliveries: WebhookDeliveryService;
  /** Reads uploaded identity documents in the background; started by `verity serve` and `verity worker`. */
  readonly documentReading: DocumentReading;
  /** Sanctions screening: lists and their imports, rescreens, decisions on hits, what the API reads. */
  readonly screening: {
    readonly sanctions: SanctionsScreening;
    readonly imports: ListImports;
    readonly lists: ScreeningLists;
    readonly rescreens: Rescreens;
    readonly decisions: ScreeningDecisions;
    readonly queries: ScreeningQueries;
    /** Started by `verity serve` and `verity worker` (VERITY_SCREENING_RESCREEN_HOURS). */
    readonly schedule: RescreenSchedule;
  };
  /** Started by `verity serve` (unless turned off) and `verity worker`. */
  readonly dispatcher: WebhookDispatcher;
  /** Asks the identity-data provider about pending verifications; absent without a provider. */
  readonly providerWorker?: ProviderVerificationWorker;
  close(): Promise<void>;
}

export interface ComposeOptions {
  readonly clock?: Clock;
  /** Where the dispatcher reports failures nobody waits for (the server passes its logger). */
  readonly log?: (message: string, error?: unknown) => void;
}

export function compose(config: Config, options: ComposeOptions = {}): Verity {
  const clock = options.clock ?? systemClock;
  makeDataDirectoryPrivate(config.dataDir);
  sizeHashingForThreadPool(config.threadPoolSize);
  const masterKey = resolveMasterKey(config);
  const store = openStore(config.database, { ...(options.log && { log: options.log }) });
  const tenants = new TenantService(store.db, clock, deriveKey(masterKey, 'credential-cache'), config.mode === 'sandbox');
  const blobs = new EncryptedFsBlobStore(path.join(config.dataDir, 'blobs'), deriveKey(masterKey, 'blob-keys'));
  const tokens = new AccessTokenService(deriveKey(masterKey, 'access-token'), config.tokenTtlSeconds, clock, config.clockSkewSeconds);
  const audit = new AuditLog(store.db, clock);
  const operators = new OperatorService(store.db, clock, audit);
  // Magic values decide only for sandbox tenants, and only on a sandbox server.
  const magicValuesFor: MagicValuesFor =
    config.mode === 'sandbox' ? async (tenantId) => usesMagicValues(await tenants.get(tenantId), true) : async () => false;
  const webhooks = config.webhooks;
  const addressCheck = createAddressCheck({ allowLoopback: webhooks.allowLoopback, allowedNetworks: webhooks.allowedNetworks });
  const webhookSubscriptions = new WebhookSubscriptionService(store.db, store.transact, clock, deriveKey(masterKey, 'webhook-secrets'), webhooks, addressCheck);
  const sender = new WebhookSender({
    timeoutMs: webhooks.timeoutSeconds * 1000,
    check: addressCheck,
  });
  const dispatcher = new WebhookDispatcher(
    store.db,
    store.transact,
    store.outbox,
    clock,
    sender,
    webhookSubscriptions,
    {
      engine: store.capabilities,
      publicUrl: config.publicUrl,
      concurrency: webhooks.concurrency,
      leaseSeconds: webhooks.leaseSeconds,
      pollMilliseconds: webhooks.pollMilliseconds,
      retry: { schedule: webhooks.retrySchedule, retryAfterCapSeconds: webhooks.retryAfterCapSeconds },
    },
    options.log,
  );
  const authenticator = new Authenticator(tenants, tokens, operators, store.db, audit);
  const vault = new PiiVault(deriveKey(masterKey, 'customer-data-keys'));
  const verifier = new RulesVerifier();
  const fingerprintKey = deriveKey(masterKey, 'verification-fingerprint');
  const documentReading = new DocumentReading(
    store.db,
    store.transact,
    clock,
    vault,
    blobs,
    // The OCR engine is loaded only when a document is read, and only in a process that reads.
    config.documentReading.mode === 'on' ? new OfflineDocumentReader() : undefined,
    deriveKey(masterKey, 'document-identities'),
    (tenantId) => tenants.readingPolicy(tenantId),
    {
      enabled: config.documentReading.mode !== 'off',
      timeoutMs: config.documentReading.timeoutSeconds * 1000,
      // Longer than a reading may take, so a claim never runs out while its reading is under way.
      leaseMs: config.documentReading.timeoutSeconds * 1000 + 15_000,
      pollMs: 2_000,
      maxTries: 3,
    },
    options.log,
  );
  const documents = new DocumentService(store.db, store.transact, clock, blobs, {
    reading: documentReading,
    magicValuesFor,
    thresholds: { ...DEFAULT_IMAGE_CHECK_THRESHOLDS, ...config.imageChecks },
  });
  const notifier = notifierFor(config, options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  const providerSettings = config.identityProvider;
  const identityProvider = providerSettings && identityProviderFor(providerSettings, clock);
  const providerWorker =
    providerSettings &&
    identityProvider &&
    new ProviderVerificationWorker(
      store.db,
      store.transact,
      clock,
      vault,
      identityProvider,
      {
        retryBaseMs: providerSettings.retryBaseMs,
        retryMaxMs: providerSettings.retryMaxMs,
        // Longer than one call can take, so a claim never runs out while its call is under way.
        leaseMs: providerSettings.timeoutMs * 2 + 5_000,
        pollMs: 1_000,
        concurrency: 8,
      },
      options.log,
    );
  const screening = new IdentityScreening(verifier, fingerprintKey, (tenantId) => tenants.verificationPolicy(tenantId), identityProvider !== undefined);
  const onPending = () => providerWorker?.nudge();
  const sanctions = new SanctionsScreening(new ListIndexes(store.db), deriveKey(masterKey, 'screening-subjects'));
  const bandsOf = (tenantId: string) => tenants.screeningBands(tenantId);
  const screener = new CustomerScreener(store.db, sanctions, bandsOf, vault);
  const listImports = new ListImports(store.db, store.transact, clock);
  const rescreens = new Rescreens(store.db, store.transact, clock, vault, sanctions, bandsOf);
  const rescreenSchedule = new RescreenSchedule(rescreens, config.screeningRescreenHours * 3_600_000, options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  return {
    config,
    store,
    schema: new SchemaService(store.db),
    clock,
    tenants,
    operators,
    consoleSessions: new ConsoleSessionService(store.db, clock, operators),
    audit,
    customers: new CustomerService(store.db, store.transact, clock, vault, screening, screener, onPending),
    customerStorage: new CustomerStorageService(store.db, store.transact, clock, vault, screening, documents, screener, onPending),
    customerSearch: new CustomerSearch(store.db),
    authenticator,
    refreshTokens: new RefreshTokenService(store.db, store.transact, clock, tenants, authenticator, deriveKey(masterKey, 'refresh-tokens')),
    idempotency: new IdempotencyService(store.db, clock),
    blobs,
    reviews: new ReviewService(store.db, store.transact, clock, config.fourEyes, config.mode === 'sandbox'),
    documents,
    documentReading,
    events: new EventService(store.db),
    ledger: new LedgerService(store.db, store.transact, clock, store.capabilities),
    onboarding: new OnboardingService(
      store.db,
      store.transact,
      clock,
      deriveKey(masterKey, 'onboarding-codes'),
      notifier,
      config.mode === 'sandbox',
      vault,
      new CodeSendCaps(store.db, clock, deriveKey(masterKey, 'code-destinations'), config.codeCaps),
    ),
    screening: {
      sanctions,
      imports: listImports,
      lists: new ScreeningLists(listImports, rescreens),
      rescreens,
      decisions: new ScreeningDecisions(store.db, store.transact, clock, config.fourEyes),
      queries: new ScreeningQueries(store.db, clock),
      schedule: rescreenSchedule,
    },
    webhookSubscriptions,
    webhookDeliveries: new WebhookDeliveryService(store.db, clock, store.outbox),
    dispatcher,
    ...(providerWorker && { providerWorker }),
    async close() {
      await dispatcher.stop();
      await providerWorker?.stop();
      await rescreenSchedule.stop();
      await documentReading.stop();
      await identityProvider?.close();
      await sender.close();
      await notifier.close();
      await store.close();
    },
  };
}

/** The HTTP adapter to the identity-data provider, with its circuit breaker (one per process). */
function identityProviderFor(settings: IdentityProviderConfig, clock: Clock): HttpIdentityProvider {
  const breaker = new CircuitBreaker({ failureThreshold: settings.failureThreshold, cooldownMs: settings.cooldownMs, now: () => clock.now().getTime() });
  return new HttpIdentityProvider({ url: settings.url, token: settings.token, timeoutMs: settings.timeoutMs, breaker, now: () => clock.now() });
}

/**
 * Email over SMTP and SMS through an HTTP gateway when configured; otherwise, in sandbox mode,
 * both written to the log (a developer reads the code there), and in production not available.
 */
function notifierFor(config: Config, log: (line: string) => void): Notifier & { close(): Promise<void> } {
  const { notifications } = config;
  const sandbox = config.mode === 'sandbox';
  const smtp = notifications.smtpUrl ? new SmtpEmailSender({ url: notifications.smtpUrl, from: notifications.emailFrom }) : undefined;
  const http = notifications.smsWebhookUrl ? new HttpSmsSender({ url: notifications.smsWebhookUrl, ...(notifications.smsWebhookToken && { token: notifications.smsWebhookToken }) }) : undefined;
  const email = smtp ?? (sandbox ? new LogEmailSender(log) : undefined);
  const sms = http ?? (sandbox ? new LogSmsSender(log) : undefined);
  return {
    ...(email && { email }),
    ...(sms && { sms }),
    async close() {
      await smtp?.close();
      await http?.close();
    },
  };
}
