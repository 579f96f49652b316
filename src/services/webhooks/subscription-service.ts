import type { Kysely } from 'kysely';
import type { WebhookConfig } from '../../config.js';
import { open, seal } from '../../adapters/crypto/envelope.js';
import type { Clock } from '../../domain/clock.js';
import { type FieldProblem, NotFoundError, TooManyResourcesError, ValidationError } from '../../domain/errors.js';
import type { LinkDialect } from '../../domain/webhooks/event-payload.js';
import { uuidv7 } from '../../kit/ids.js';
import type { Database } from '../../store/database.js';
import type { Transact } from '../../store/transactions.js';
import { countSubscriptions, deleteSubscription, findSubscription, findSubscriptionById, insertSubscription, listSubscriptions, replaceSecret, type SubscriptionRecord, setPaused, updateSettings } from '../../store/webhook-subscriptions-repository.js';
import { checkSecret, generateWebhookSecret } from '../../adapters/webhook-sender/signatures.js';
import { type AddressCheck, checkUrl, literalRefusal } from '../../adapters/webhook-sender/ssrf-guard.js';
import { isUuid } from '../../kit/cursor.js';
import { statedProblem } from '../../domain/field-problems.js';

/** A subscription as the API shows it: never its secret. */
export interface Subscription {
  readonly id: string;
  readonly url: string;
  readonly paused: boolean;
  /** Why it is paused: `tenant` (asked to), `gone` (the receiver answered 410), `failing`. */
  readonly pausedReason?: string;
  /** Whether attempts keep the body of non-2xx answers (2xx bodies are always kept). */
  readonly recordResponseBodies: boolean;
  readonly consecutiveFailures: number;
  readonly lastSuccessAt?: string;
  readonly lastFailureAt?: string;
  /** Until then the previous secret also signs (after a rotation). */
  readonly previousSecretExpiresAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A subscription, with the secret Verity generated for it (shown this once); none when the caller chose it. */
export interface SubscriptionWithSecret {
  readonly subscription: Subscription;
  readonly secret?: string;
}

/** What a tenant may change on a subscription; each is left as it is when not given. */
export interface SubscriptionChanges {
  readonly url?: unknown;
  readonly paused?: unknown;
  readonly recordResponseBodies?: unknown;
}

/** Webhook subscriptions: URL and secret, paused or not. Every one gets every event of its tenant. */
export class WebhookSubscriptionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    /** Seals subscription secrets at rest (derived from the master key). */
    private readonly secretKey: Buffer,
    private readonly config: WebhookConfig,
    /** The SSRF guard's judgement of an address, as deliveries apply it: IP literals are judged at once. */
    private readonly check: AddressCheck,
  ) {}

  /** `dialect`: the API creating it, whose links its payloads will carry. */
  async create(tenantId: string, input: { url?: unknown; secret?: unknown; recordResponseBodies?: unknown }, dialect: LinkDialect = 'verity'): Promise<SubscriptionWithSecret> {
    const problems: FieldProblem[] = [...this.#urlProblems(input.url), ...booleanProblems('recordResponseBodies', input.recordResponseBodies)];
    if (input.secret !== undefined) problems.push(...secretProblems(input.secret));
    if (problems.length > 0) throw new ValidationError(problems);
    const secret = (input.secret as string | undefined) ?? generateWebhookSecret();
    const now = this.#now();
    const id = uuidv7();
    const record: SubscriptionRecord = {
      id,
      tenantId,
      url: input.url as string,
      dialect,
      sealedSecret: this.#seal(id, secret),
      paused: false,
      recordResponseBodies: input.recordResponseBodies === true,
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.transact(async (trx) => {
      // Counted in the insert's transaction: concurrent creates cannot both take the last place.
      if ((await countSubscriptions(trx, tenantId)) >= this.config.maxSubscriptions) {
        throw new TooManyResourcesError(`The maximum number of subscriptions (${this.config.maxSubscriptions}) has been reached.`);
      }
      await insertSubscription(trx, record);
    });
    return { subscription: view(record), ...(input.secret === undefined && { secret }) };
  }

  async list(tenantId: string): Promise<Subscription[]> {
    return (await listSubscriptions(this.db, tenantId)).map(view);
  }

  async get(tenantId: string, id: string): Promise<Subscription> {
    return view(await this.#load(tenantId, id));
  }

  /** A subscription by id alone, with the tenant it belongs to: for the back-office console, whose operators see every tenant. */
  async locate(id: string): Promise<{ tenantId: string; subscription: Subscription }> {
    const record = isUuid(id) ? await findSubscriptionById(this.db, id) : undefined;
    if (!record) throw new NotFoundError('webhook-subscription', 'Webhook subscription not found.');
    return { tenantId: record.tenantId, subscription: view(record) };
  }

  /** Pauses or unpauses. Unpausing resumes pending retries; deliveries held meanwhile wait for a replay. */
  async setPaused(tenantId: string, id: string, paused: boolean): Promise<Subscription> {
    await this.#load(tenantId, id);
    await setPaused(this.db, id, paused, 'tenant', this.#now());
    return this.get(tenantId, id);
  }

  /**
   * Changes the URL, the response-body setting and pausing together, or nothing when any is
   * refused. A new URL passes the same checks as at creation.
   */
  async update(tenantId: string, id: string, changes: SubscriptionChanges): Promise<Subscription> {
    const problems: FieldProblem[] = [
      ...(changes.url === undefined ? [] : this.#urlProblems(changes.url)),
      ...booleanProblems('paused', changes.paused),
      ...booleanProblems('recordResponseBodies', changes.recordResponseBodies),
    ];
    if (changes.url === undefined && changes.paused === undefined && changes.recordResponseBodies === undefined) {
      problems.push(statedProblem('', 'Required', 'Give at least one of url, paused and recordResponseBodies.'));
    }
    if (problems.length > 0) throw new ValidationError(problems);
    await this.#load(tenantId, id);
    const now = this.#now();
    await this.transact(async (trx) => {
      const settings = { url: changes.url as string | undefined, recordResponseBodies: changes.recordResponseBodies as boolean | undefined };
      if (settings.url !== undefined || settings.recordResponseBodies !== undefined) await updateSettings(trx, id, settings, now);
      if (typeof changes.paused === 'boolean') await setPaused(trx, id, changes.paused, 'tenant', now);
    });
    return this.get(tenantId, id);
  }

  async delete(tenantId: string, id: string): Promise<Subscription> {
    const record = await this.#load(tenantId, id);
    await this.transact((trx) => deleteSubscription(trx, id));
    return view(record);
  }

  /** A new secret (given or generated); the old one keeps signing for the configured overlap. */
  async rotateSecret(tenantId: string, id: string, input: { secret?: unknown }): Promise<SubscriptionWithSecret> {
    if (input.secret !== undefined) {
      const problems = secretProblems(input.secret);
      if (problems.length > 0) throw new ValidationError(problems);
    }
    const record = await this.#load(tenantId, id);
    const secret = (input.secret as string | undefined) ?? generateWebhookSecret();
    const now = this.clock.now();
    const overlap = this.config.secretOverlapSeconds;
    const expires = overlap > 0 ? new Date(now.getTime() + overlap * 1000).toISOString() : null;
    await replaceSecret(this.db, id, this.#seal(id, secret), expires ? record.sealedSecret : null, expires, now.toISOString());
    return { subscription: await this.get(tenantId, id), ...(input.secret === undefined && { secret }) };
  }

  /** The secrets a delivery is signed with now: the current one, then the previous during its overlap. */
  signingSecrets(record: SubscriptionRecord, now: Date): string[] {
    const secrets = [this.#open(record.id, record.sealedSecret)];
    if (record.sealedPreviousSecret && record.previousSecretExpiresAt && Date.parse(record.previousSecretExpiresAt) > now.getTime()) {
      secrets.push(this.#open(record.id, record.sealedPreviousSecret));
    }
    return secrets;
  }

  async #load(tenantId: string, id: string): Promise<SubscriptionRecord> {
    const record = isUuid(id) ? await findSubscription(this.db, tenantId, id) : undefined;
    if (!record) throw new NotFoundError('webhook-subscription', 'Webhook subscription not found.');
    return record;
  }

  #urlProblems(url: unknown): FieldProblem[] {
    if (url === undefined || url === null || url === '') return [statedProblem('/url', 'Required', 'Url required.')];
    const problem = typeof url === 'string' ? checkUrl(url, { httpsOnly: this.config.httpsOnly }) : 'Url must be a string.';
    if (problem) return [statedProblem('/url', 'InvalidFormat', `Url must be a valid url: ${problem}`)];
    // An address that every delivery would be refused is refused now, rather than failing later.
    const refusal = literalRefusal(url as string, this.check);
    return refusal ? [statedProblem('/url', 'NotAllowed', `Url is not allowed: ${refusalDetail(refusal.address, refusal.reason)}`)] : [];
  }

  #seal(id: string, secret: string): string {
    return seal(this.secretKey, Buffer.from(secret), `webhook-secret:${id}`);
  }

  #open(id: string, sealed: string): string {
    return open(this.secretKey, sealed, `webhook-secret:${id}`).toString();
  }

  #now(): string {
    return this.clock.now().toISOString();
  }
}

function booleanProblems(name: string, value: unknown): FieldProblem[] {
  return value === undefined || typeof value === 'boolean' ? [] : [statedProblem(`/${name}`, 'InvalidFormat', `${name} must be true or false.`)];
}

/** Why webhooks may not reach `address`, naming the guard's reason. */
function refusalDetail(address: string, reason: string): string {
  switch (reason) {
    case 'metadata':
      return `${address} is a cloud metadata address; webhooks never reach metadata addresses.`;
    case 'loopback':
      return `${address} is a loopback address; webhooks reach loopback only in sandbox mode.`;
    case 'private':
    case 'link-local':
      return `${address} is a ${reason} address; webhooks reach ${reason} addresses only in networks the server allows.`;
    default:
      return `${address} is a ${reason} address, which webhooks never reach.`;
  }
}

function secretProblems(secret: unknown): FieldProblem[] {
  const problem = checkSecret(secret);
  return problem ? [statedProblem('/secret', 'InvalidFormat', problem)] : [];
}

function view(r: SubscriptionRecord): Subscription {
  return {
    id: r.id,
    url: r.url,
    paused: r.paused,
    ...(r.pausedReason !== undefined && { pausedReason: r.pausedReason }),
    recordResponseBodies: r.recordResponseBodies,
    consecutiveFailures: r.consecutiveFailures,
    ...(r.lastSuccessAt !== undefined && { lastSuccessAt: r.lastSuccessAt }),
    ...(r.lastFailureAt !== undefined && { lastFailureAt: r.lastFailureAt }),
    ...(r.previousSecretExpiresAt !== undefined && { previousSecretExpiresAt: r.previousSecretExpiresAt }),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
