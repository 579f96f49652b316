import { type DocumentReadingPolicy, readingPolicyOf } from '../../domain/document/reading-policy.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashSecret, lookupDigest, randomCredential, verifySecretOrNone } from '../../adapters/crypto/secrets.js';
import type { Clock } from '../../domain/clock.js';
import { InvalidCredentialsError, NotFoundError, ValidationError } from '../../domain/errors.js';
import {
  newTenantSandboxFlag,
  TENANT_NAME_MAX_LENGTH,
  type Tenant,
  type TenantVerificationPolicy,
  type TenantWithSecret,
  tenantReadingPolicy,
  tenantScreeningBands,
  tenantVerificationPolicy,
} from '../../domain/tenant.js';
import { checkBands, type ScreeningBands } from '../../domain/screening/bands.js';
import { checkChosenBases } from '../../domain/verification/verification-policy.js';
import type { Database } from '../../store/database.js';
import {
  findTenantById,
  findTenantCredentialsByKey,
  insertTenant,
  listTenants,
  updateTenantSettings,
  replaceTenantSecret,
  type TenantSettingChanges,
} from '../../store/tenants-repository.js';
import { TtlCache } from '../../kit/ttl-cache.js';
import { statedProblem } from '../../domain/field-problems.js';

/**
 * Tenants read on every authenticated request are cached briefly. A change made in this process
 * shows at once; one made by another process (the CLI, another server) within this time.
 */
const TENANT_CACHE_MS = 10_000;
/** A verified key/secret pair is remembered this long, so the slow hash runs once per pair. */
const CREDENTIAL_CACHE_MS = 5 * 60_000;

export class TenantService {
  readonly #tenants = new TtlCache<Tenant>(TENANT_CACHE_MS, 10_000);
  readonly #verified = new TtlCache<{ tenantId: string; secretVersion: number }>(CREDENTIAL_CACHE_MS, 10_000);
  /** The credential cache's keys: a keyed hash of each pair, so it never holds a secret in a recoverable form. */
  readonly #credentialDigest: (pair: string) => string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    credentialCacheKey: Buffer,
    /** A sandbox server: new tenants are sandbox tenants unless created otherwise. */
    private readonly sandboxMode: boolean,
  ) {
    this.#credentialDigest = lookupDigest(credentialCacheKey);
  }

  /**
   * A new tenant and its secret. `sandbox` unset follows the server's mode; a sandbox tenant on a
   * production server is refused (ValidationError) rather than quietly made an ordinary one.
   */
  async create(input: { name: string; sandbox?: boolean }): Promise<TenantWithSecret> {
    const name = checkName(input.name);
    const isSandbox = newTenantSandboxFlag(input.sandbox, this.sandboxMode);
    if (isSandbox === undefined) {
      throw new ValidationError(
        [statedProblem('/sandbox', 'Invalid', 'A production server has no sandbox tenants: magic values never apply in production mode. Create the tenant without sandbox.')],
        'A production server cannot create a sandbox tenant: magic values never apply in production mode.',
      );
    }
    const secret = newSecret();
    const tenant = await insertTenant(this.db, {
      id: randomUUID(),
      name,
      key: randomCredential('vk', 18),
      secretHash: await hashSecret(secret),
      isSandbox,
      now: this.clock.now().toISOString(),
    });
    return { tenant, secret };
  }

  list(): Promise<Tenant[]> {
    return listTenants(this.db);
  }

  /** The tenant if it is in the cache, without touching the database. */
  cached(id: string): Tenant | undefined {
    return this.#tenants.get(id);
  }

  /** The tenant, or NotFoundError. Served from a short-lived cache. */
  async get(id: string): Promise<Tenant> {
    const cached = this.#tenants.get(id);
    if (cached) return cached;
    const tenant = await findTenantById(this.db, id);
    if (!tenant) throw new NotFoundError('tenant');
    this.#tenants.set(id, tenant);
    return tenant;
  }

  /**
   * Renames, sets the onboarding steps its customers must complete, and (operators only: the
   * tenant's own API never passes it) whether it may attest its customers' verification.
   */
  async update(id: string, changes: TenantSettingChanges): Promise<Tenant> {
    if (changes.acceptedBases !== undefined && changes.acceptedBases !== 'default') {
      // Checked against the tenant as it will be, should the same update change its attestation too.
      const current = await this.get(id);
      const selfAttestation = changes.selfAttestation === undefined ? current.selfAttestation : changes.selfAttestation === 'default' ? undefined : changes.selfAttestation === 'on';
      checkChosenBases(changes.acceptedBases, tenantVerificationPolicy({ ...current, selfAttestation }, this.sandboxMode).available);
    }
    const checked: TenantSettingChanges = {
      ...(changes.selfAttestation !== undefined && { selfAttestation: changes.selfAttestation }),
      ...(changes.acceptedBases !== undefined && { acceptedBases: changes.acceptedBases === 'default' ? 'default' : [...new Set(changes.acceptedBases)] }),
      ...(changes.name !== undefined && { name: checkName(changes.name) }),
      ...(changes.screeningBands !== undefined && { screeningBands: changes.screeningBands === 'default' ? 'default' : checkedBands(changes.screeningBands) }),
      ...(changes.documentReading !== undefined && { documentReading: changes.documentReading === 'default' ? 'default' : checkedReadingPolicy(changes.documentReading) }),
      ...(changes.requiredOnboardingSteps !== undefined && { requiredOnboardingSteps: [...new Set(changes.requiredOnboardingSteps)] }),
    };
    const tenant = await updateTenantSettings(this.db, id, checked, this.clock.now().toISOString());
    if (!tenant) throw new NotFoundError('tenant');
    this.#tenants.set(id, tenant);
    return tenant;
  }

  /** What the tenant's document comparisons accept. */
  async readingPolicy(id: string): Promise<DocumentReadingPolicy> {
    return tenantReadingPolicy(await this.get(id));
  }

  /** The score bands screening applies to the tenant's customers. */
  async screeningBands(id: string): Promise<ScreeningBands> {
    return tenantScreeningBands(await this.get(id));
  }

  /** How the tenant's customers may be verified: its accepted bases, and whether magic values apply. */
  async verificationPolicy(id: string): Promise<TenantVerificationPolicy> {
    return tenantVerificationPolicy(await this.get(id), this.sandboxMode);
  }

  /** Issues a new secret; the old one, and tokens issued with it, stop working. */
  async rotateSecret(id: string): Promise<TenantWithSecret> {
    const secret = newSecret();
    const tenant = await replaceTenantSecret(this.db, id, await hashSecret(secret), this.clock.now().toISOString());
    if (!tenant) throw new NotFoundError('tenant');
    this.#tenants.set(id, tenant);
    return { tenant, secret };
  }

  /** The tenant owning this key/secret pair, or InvalidCredentialsError. */
  async authenticate(key: string, secret: string): Promise<Tenant> {
    const digest = this.#credentialDigest(`${key}:${secret}`);
    const remembered = this.#verified.get(digest);
    if (remembered) {
      // The tenant itself is usually cached as well: then nothing needs awaiting.
      const tenant = this.#tenants.get(remembered.tenantId) ?? (await this.get(remembered.tenantId).catch(() => undefined));
      if (tenant && tenant.secretVersion === remembered.secretVersion) return tenant;
      this.#verified.delete(digest);
    }
    const found = await findTenantCredentialsByKey(this.db, key);
    const valid = await verifySecretOrNone(secret, found?.secretHash);
    if (!found || !valid) throw new InvalidCredentialsError('Invalid client credentials.');
    this.#verified.set(digest, { tenantId: found.tenant.id, secretVersion: found.tenant.secretVersion });
    this.#tenants.set(found.tenant.id, found.tenant);
    return found.tenant;
  }
}

function newSecret(): string {
  return randomCredential('vs', 32);
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw new ValidationError([statedProblem('/name', 'Required', 'Name is required.')]);
  if (name.length > TENANT_NAME_MAX_LENGTH) {
    throw new ValidationError([
      statedProblem('/name', 'Invalid', `Name must be ${TENANT_NAME_MAX_LENGTH} characters or fewer.`),
    ]);
  }
  return name;
}

function checkedReadingPolicy(input: Partial<DocumentReadingPolicy>): DocumentReadingPolicy {
  const { policy, problems } = readingPolicyOf(input);
  if (!policy) throw new ValidationError(problems);
  return policy;
}

function checkedBands(bands: ScreeningBands): ScreeningBands {
  const problems = checkBands(bands, '/screening/bands');
  if (problems.length > 0) throw new ValidationError(problems);
  return { review: bands.review, hold: bands.hold };
}
