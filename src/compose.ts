import path from 'node:path';
import type { Config } from './config.js';
import { resolveMasterKey } from './crypto/master-key.js';
import { deriveKey } from './crypto/secrets.js';
import { type Clock, systemClock } from './domain/clock.js';
import { AccessTokenService } from './services/access-tokens.js';
import { Authenticator } from './services/authenticator.js';
import { PiiVault } from './crypto/pii-vault.js';
import { RulesVerifier } from './domain/verification/rules-verifier.js';
import { CustomerService } from './services/customers/customer-service.js';
import { EncryptedFsBlobStore } from './blobs/encrypted-fs-blob-store.js';
import { DEFAULT_IMAGE_CHECK_THRESHOLDS } from './documents/inspection/image-checks.js';
import { DocumentService } from './services/documents/document-service.js';
import { IdempotencyService } from './services/idempotency.js';
import { ReviewService } from './services/reviews/review-service.js';
import { OperatorService } from './services/operators.js';
import { TenantService } from './services/tenants.js';
import { openStore, type Store } from './store/connect.js';

/** Everything the doors (HTTP, CLI, workers) need, built once from the configuration. */
export interface Verity {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly tenants: TenantService;
  readonly operators: OperatorService;
  readonly customers: CustomerService;
  readonly idempotency: IdempotencyService;
  readonly documents: DocumentService;
  readonly blobs: EncryptedFsBlobStore;
  readonly reviews: ReviewService;
  readonly authenticator: Authenticator;
  close(): Promise<void>;
}

export function compose(config: Config, options: { clock?: Clock } = {}): Verity {
  const clock = options.clock ?? systemClock;
  const masterKey = resolveMasterKey(config);
  const store = openStore(config.database);
  const tenants = new TenantService(store.db, clock, deriveKey(masterKey, 'credential-cache'));
  const blobs = new EncryptedFsBlobStore(path.join(config.dataDir, 'blobs'), deriveKey(masterKey, 'blob-keys'));
  const tokens = new AccessTokenService(deriveKey(masterKey, 'access-token'), config.tokenTtlSeconds, clock);
  const operators = new OperatorService(store.db, clock);
  return {
    config,
    store,
    clock,
    tenants,
    operators,
    customers: new CustomerService(
      store.db,
      store.transact,
      clock,
      new PiiVault(deriveKey(masterKey, 'customer-data-keys')),
      new RulesVerifier(),
      deriveKey(masterKey, 'verification-fingerprint'),
      config.mode === 'sandbox',
    ),
    authenticator: new Authenticator(tenants, tokens, operators),
    idempotency: new IdempotencyService(store.db, clock),
    blobs,
    reviews: new ReviewService(store.db, clock, config.fourEyes),
    documents: new DocumentService(
      store.db,
      clock,
      blobs,
      { sandbox: config.mode === 'sandbox', thresholds: { ...DEFAULT_IMAGE_CHECK_THRESHOLDS, ...config.imageChecks } },
    ),
    close: () => store.close(),
  };
}
