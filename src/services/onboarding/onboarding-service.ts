import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { readPhoneNumber } from '../../domain/field-formats.js';
import { isSealed } from '../../adapters/crypto/envelope.js';
import type { PiiVault } from '../../adapters/crypto/pii-vault.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer } from '../../domain/customer/customer.js';
import type { OnboardingFlags } from '../../domain/customer/status-view.js';
import {
  InvalidResourceStateError,
  NotConfiguredError,
  NotFoundError,
  NotificationFailedError,
  RateLimitedError,
  ValidationError,
} from '../../domain/errors.js';
import { type Channel, CODE_PATTERN, CODE_TTL_MS, type CodeState, judgeCode, RESEND_COOLDOWN_MS, resendWaitSeconds } from '../../domain/onboarding/one-time-code.js';
import { checkQuestionnaire } from '../../domain/onboarding/questionnaire.js';
import { type OnboardingStep, STEP_TOPICS } from '../../domain/onboarding/steps.js';
import { DeliveryFailedError, type EmailSender, type SmsSender } from '../../adapters/notifications/notifier.js';
import { type CustomerRecord, findCustomer, findCustomerAnyTenant, findCustomerDataKey } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import {
  countWrongTry,
  deleteCode,
  findCode,
  findOnboarding,
  findPlainQuestionnaires,
  flagsOf,
  type OnboardingRecord,
  replaceCode,
  replaceQuestionnaire,
  saveOnboarding,
  useCode,
} from '../../store/onboarding-repository.js';
import type { Transact } from '../../store/transactions.js';
import type { CodeSendCaps } from './code-send-caps.js';
import { saveChange } from '../customers/customer-writes.js';
import { isUuid } from '../../kit/cursor.js';
import { statedProblem } from '../../domain/field-problems.js';

export interface OnboardingView extends OnboardingFlags {
  /** The questionnaire as submitted, if it was. */
  readonly additionalData?: unknown;
}

export interface CodeSent {
  readonly channel: Channel;
  /** Where the code went: the email address, or the phone number in E.164. */
  readonly sentTo: string;
  readonly expiresAt: string;
  /** When another code may be sent at the earliest. */
  readonly resendAfter: string;
}

/** Where codes go; a missing sender means that channel is not configured on this server. */
export interface Notifier {
  readonly email?: EmailSender;
  readonly sms?: SmsSender;
}

/** What the questionnaire's ciphertext is bound to (beside the customer's id). */
const QUESTIONNAIRE = 'questionnaire';

/**
 * 10npay's onboarding steps: email and phone confirmed with one-time codes, SCA provisioned,
 * additional data submitted, optional KYC done. Each completed step is a change of the customer:
 * recorded in its history and announced by an event, in one transaction. The questionnaire is
 * personal data: it is stored sealed under the customer's data key, like its SSN.
 */
export class OnboardingService {
  /** Sandbox only: the last code sent per customer and channel, for integrators' tests. */
  readonly #sandboxCodes = new Map<string, { code: string; sentTo: string; sentAt: string }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    /** Keys the hashes of codes (derived from the master key). */
    private readonly codeKey: Buffer,
    private readonly notifier: Notifier,
    private readonly sandbox: boolean,
    private readonly vault: PiiVault,
    private readonly sendCaps: CodeSendCaps,
  ) {}

  async get(tenantId: string, customerId: string): Promise<OnboardingView> {
    const { customer } = await this.#load(tenantId, customerId);
    return this.#view(await findOnboarding(this.db, customer.id), customer);
  }

  /**
   * Seals the questionnaires an earlier Verity stored as plain JSON; run at start. Returns how
   * many it sealed. A customer whose data key was erased keeps no questionnaire either.
   */
  async sealPlainQuestionnaires(): Promise<number> {
    let sealed = 0;
    for (;;) {
      const batch = await findPlainQuestionnaires(this.db, 100);
      let progress = 0;
      for (const { customerId, json, dataKey } of batch) {
        const stored = dataKey === null ? null : this.vault.sealText(customerId, dataKey, QUESTIONNAIRE, json);
        // Another process may have sealed or replaced it meanwhile: then it is left as it is.
        if (await replaceQuestionnaire(this.db, customerId, json, stored)) progress++;
      }
      sealed += progress;
      if (batch.length < 100 || progress === 0) return sealed;
    }
  }

  /** Sends a code to the customer's email address. */
  sendEmailCode(tenantId: string, customerId: string): Promise<CodeSent> {
    return this.#sendCode(tenantId, customerId, 'email', (customer) => customer.email);
  }

  /** Sends a code by SMS to `phoneNumber` (E.164, or national for `country`, default the customer's). */
  sendPhoneCode(tenantId: string, customerId: string, phoneNumber: unknown, country?: unknown): Promise<CodeSent> {
    return this.#sendCode(tenantId, customerId, 'phone', (customer) => e164(phoneNumber, country ?? customer.country ?? 'US'));
  }

  /** A new code to the phone number the last one went to (10npay's resend names no number). */
  async resendPhoneCode(tenantId: string, customerId: string): Promise<CodeSent> {
    const { customer } = await this.#load(tenantId, customerId);
    const last = await findCode(this.db, customer.id, 'phone');
    if (!last) throw new InvalidResourceStateError('No code was sent to a phone number yet; send one first.');
    return this.#sendCode(tenantId, customerId, 'phone', () => last.destination);
  }

  async confirm(tenantId: string, customerId: string, channel: Channel, code: unknown, actor: Actor): Promise<OnboardingView> {
    if (typeof code !== 'string' || !CODE_PATTERN.test(code)) {
      throw new ValidationError([statedProblem('/code', 'InvalidFormat', 'The code is the 6 digits that were sent.')]);
    }
    const loaded = await this.#load(tenantId, customerId);
    const { customer } = loaded;
    const current = await findCode(this.db, customer.id, channel);
    const givenHash = this.#hash(customer.id, channel, code);
    const verdict = judgeCode(current, givenHash, this.clock.now(), sameHash);
    if (verdict.outcome !== 'confirmed' || !current) {
      if (verdict.outcome === 'wrong' && current) await countWrongTry(this.db, customer.id, channel, current.codeHash);
      throw new ValidationError([statedProblem('/code', 'Invalid', refusalDetail(verdict))]);
    }
    const step: OnboardingStep = channel === 'email' ? 'email' : 'phone';
    return this.#complete(loaded, step, actor, (record) =>
      channel === 'email' ? { ...record, emailVerified: true, verifiedEmail: current.destination } : { ...record, phoneVerified: true, verifiedPhone: current.destination },
      async (trx, now) => {
        if (!(await useCode(trx, customer.id, channel, current.codeHash, now))) {
          throw new ValidationError([statedProblem('/code', 'Invalid', 'This code was used or replaced meanwhile; request a new one.')]);
        }
      },
    );
  }

  /** SCA provisioned (by the tenant) or optional KYC done (by the tenant or an operator). */
  async setFlag(tenantId: string | undefined, customerId: string, step: 'sca' | 'optionalKyc', value: boolean, actor: Actor): Promise<OnboardingView> {
    return this.#complete(await this.#load(tenantId, customerId), step, actor, (record) =>
      step === 'sca' ? { ...record, scaProvisioned: value } : { ...record, optionalKycDone: value },
    );
  }

  /**
   * The questionnaire. `keep: 'first'` (10npay's add-additional-data) never overwrites answers
   * already given: the same questionnaire again changes nothing, a different one is refused.
   * Otherwise (the native PUT) it replaces them.
   */
  async submitAdditionalData(tenantId: string, customerId: string, data: unknown, actor: Actor, options: { keep?: 'first' } = {}): Promise<OnboardingView> {
    const problems = checkQuestionnaire(data);
    if (problems.length > 0) throw new ValidationError(problems);
    const loaded = await this.#load(tenantId, customerId);
    const dataKey = await this.#dataKeyOf(loaded.customer.id);
    const json = JSON.stringify(data);
    const earlier = (record: OnboardingRecord) => (record.additionalData === undefined ? undefined : this.#questionnaireJson(loaded.customer.id, dataKey, record.additionalData));
    if (options.keep === 'first') {
      const current = await findOnboarding(this.db, loaded.customer.id);
      if (earlier(current) === json) return this.#view(current, loaded.customer);
    }
    const sealed = this.vault.sealText(loaded.customer.id, dataKey, QUESTIONNAIRE, json);
    return this.#complete(loaded, 'additionalData', actor, (record) => {
      const given = options.keep === 'first' ? earlier(record) : undefined;
      if (given !== undefined && given !== json) {
        throw new InvalidResourceStateError('Additional data was already submitted for this user; the answers given first are kept.');
      }
      return { ...record, additionalData: sealed };
    });
  }

  /** Sandbox mode only: the last code sent to the customer on the channel. */
  async lastSandboxCode(tenantId: string, customerId: string, channel: Channel) {
    if (!this.sandbox) throw new NotFoundError('code', 'Only a sandbox server shows codes.');
    const { customer } = await this.#load(tenantId, customerId);
    const last = this.#sandboxCodes.get(`${customer.id}:${channel}`);
    if (!last) throw new NotFoundError('code', 'No code was sent to this customer on this channel since the server started.');
    return { channel, ...last };
  }

  async #sendCode(tenantId: string, customerId: string, channel: Channel, destinationOf: (customer: Customer) => string): Promise<CodeSent> {
    const sender = channel === 'email' ? this.notifier.email : this.notifier.sms;
    if (!sender) {
      throw new NotConfiguredError(channel === 'email' ? 'Email codes need SMTP_URL on this server.' : 'SMS codes need VERITY_SMS_WEBHOOK_URL on this server.');
    }
    const { customer } = await this.#load(tenantId, customerId);
    if (customer.status === 'closed') throw new InvalidResourceStateError('The customer is closed.');
    const destination = destinationOf(customer);
    const now = this.clock.now();
    const wait = resendWaitSeconds(await findCode(this.db, customer.id, channel), now);
    if (wait > 0) throw new RateLimitedError(wait);
    const takeBackSend = await this.sendCaps.admit(customer.tenantId, customer.id, channel, destination);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const state: CodeState = {
      destination,
      codeHash: this.#hash(customer.id, channel, code),
      wrongTries: 0,
      sentAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
    };
    // Stored before sending, so the code works the moment it arrives.
    await replaceCode(this.db, customer.id, channel, state);
    const text = `Your verification code is ${code}. It expires in 10 minutes.`;
    try {
      if (channel === 'email') await (sender as EmailSender).send({ to: destination, subject: 'Your verification code', text });
      else await (sender as SmsSender).send({ to: destination, text });
    } catch (error) {
      // Not sent: no code is in force, so asking again is not held back by the cool-down.
      await deleteCode(this.db, customer.id, channel, state.codeHash);
      await takeBackSend();
      if (error instanceof DeliveryFailedError) throw new NotificationFailedError(error.message, { cause: error });
      throw error;
    }
    if (this.sandbox) this.#sandboxCodes.set(`${customer.id}:${channel}`, { code, sentTo: destination, sentAt: state.sentAt });
    return { channel, sentTo: destination, expiresAt: state.expiresAt, resendAfter: new Date(now.getTime() + RESEND_COOLDOWN_MS).toISOString() };
  }

  /** Applies a step to the onboarding record with its history line and event, in one transaction. */
  async #complete(
    { customer, pii }: CustomerRecord,
    step: OnboardingStep,
    actor: Actor,
    change: (record: OnboardingRecord) => OnboardingRecord,
    alsoInTransaction?: (trx: Transaction<Database>, now: string) => Promise<void>,
  ): Promise<OnboardingView> {
    const now = this.clock.now().toISOString();
    let updated: OnboardingRecord | undefined;
    await this.transact(async (trx) => {
      await alsoInTransaction?.(trx, now);
      updated = change(await findOnboarding(trx, customer.id));
      await saveOnboarding(trx, customer.id, updated, now);
      const changed: Customer = { ...customer, updatedAt: now, version: customer.version + 1 };
      await saveChange(trx, changed, pii, customer.version, actor, {
        history: [{ action: `onboarding_${step}`, before: customer.status, after: customer.status, comment: STEP_COMMENTS[step] }],
        topics: [STEP_TOPICS[step]],
      });
    });
    return this.#view(updated as OnboardingRecord, customer);
  }

  async #view(record: OnboardingRecord, customer: Customer): Promise<OnboardingView> {
    const flags = flagsOf(record, customer.email);
    if (record.additionalData === undefined) return flags;
    const json = this.#questionnaireJson(customer.id, isSealed(record.additionalData) ? await this.#dataKeyOf(customer.id) : '', record.additionalData);
    return { ...flags, additionalData: JSON.parse(json) as unknown };
  }

  #questionnaireJson(customerId: string, dataKey: string, stored: string): string {
    // Plain JSON was stored before questionnaires were sealed, until the next start seals it.
    return isSealed(stored) ? this.vault.openText(customerId, dataKey, QUESTIONNAIRE, stored) : stored;
  }

  async #dataKeyOf(customerId: string): Promise<string> {
    const dataKey = await findCustomerDataKey(this.db, customerId);
    if (dataKey === undefined) throw new InvalidResourceStateError("The customer's personal data was erased.");
    return dataKey;
  }

  async #load(tenantId: string | undefined, customerId: string) {
    const record = !isUuid(customerId)
      ? undefined
      : tenantId === undefined
        ? await findCustomerAnyTenant(this.db, customerId)
        : await findCustomer(this.db, tenantId, customerId);
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    return record;
  }

  #hash(customerId: string, channel: Channel, code: string): string {
    return createHmac('sha256', this.codeKey).update(`${customerId}:${channel}:${code}`).digest('hex');
  }
}

const STEP_COMMENTS: Readonly<Record<OnboardingStep, string>> = {
  email: 'Email address confirmed with a one-time code',
  phone: 'Phone number confirmed with a one-time code',
  sca: 'Strong-customer-authentication provisioning changed',
  additionalData: 'Additional-data questionnaire submitted',
  optionalKyc: 'Optional KYC changed',
};

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

function refusalDetail(verdict: ReturnType<typeof judgeCode>): string {
  switch (verdict.outcome) {
    case 'wrong':
      return verdict.triesLeft > 0 ? `Invalid code; ${verdict.triesLeft} ${verdict.triesLeft === 1 ? 'try' : 'tries'} left.` : 'Invalid code; no tries left: request a new code.';
    case 'expired':
      return 'The code has expired; request a new one.';
    case 'locked':
      return 'Too many wrong codes; request a new one.';
    default:
      return 'No code is waiting to be confirmed; request one first.';
  }
}

/** A phone number in E.164, or a ValidationError saying why not. */
function e164(phoneNumber: unknown, country: unknown): string {
  const parsed = typeof phoneNumber === 'string' ? readPhoneNumber(phoneNumber, typeof country === 'string' ? country : undefined) : undefined;
  if (!parsed?.valid) {
    throw new ValidationError([statedProblem('/phoneNumber', 'InvalidFormat', 'PhoneNumber must be a valid phone number, e.g. +359881234567.')]);
  }
  return parsed.e164;
}
