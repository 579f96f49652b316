import type { Kysely, Selectable, Transaction } from 'kysely';
import type { OnboardingFlags } from '../domain/customer/status-view.js';
import type { Channel, CodeState } from '../domain/onboarding/one-time-code.js';
import { type CustomerOnboardingTable, type Database, dbBoolean } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A customer's onboarding as stored: the flags, what was confirmed, the questionnaire. */
export interface OnboardingRecord {
  readonly emailVerified: boolean;
  readonly verifiedEmail?: string;
  readonly phoneVerified: boolean;
  readonly verifiedPhone?: string;
  readonly scaProvisioned: boolean;
  /**
   * The questionnaire as stored: its JSON sealed under the customer's data key, or, when written
   * by a Verity that did not seal it yet, the JSON itself (sealed at the next start).
   */
  readonly additionalData?: string;
  readonly optionalKycDone: boolean;
}

export const NO_ONBOARDING_RECORD: OnboardingRecord = { emailVerified: false, phoneVerified: false, scaProvisioned: false, optionalKycDone: false };

export async function findOnboarding(db: Db, customerId: string): Promise<OnboardingRecord> {
  const row = await db.selectFrom('customer_onboarding').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  return row ? toRecord(row) : NO_ONBOARDING_RECORD;
}

/** Writes the whole record (insert or replace). */
export async function saveOnboarding(db: Db, customerId: string, record: OnboardingRecord, now: string): Promise<void> {
  const values = {
    email_verified: dbBoolean(record.emailVerified),
    verified_email: record.verifiedEmail ?? null,
    phone_verified: dbBoolean(record.phoneVerified),
    verified_phone: record.verifiedPhone ?? null,
    sca_provisioned: dbBoolean(record.scaProvisioned),
    additional_data: record.additionalData ?? null,
    optional_kyc_done: dbBoolean(record.optionalKycDone),
    updated_at: now,
  };
  await db
    .insertInto('customer_onboarding')
    .values({ customer_id: customerId, ...values })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet(values))
    .execute();
}

/** The five flags; an email counts as verified only while it is still the customer's email. */
export function flagsOf(record: OnboardingRecord, currentEmail: string): OnboardingFlags {
  return {
    emailVerified: record.emailVerified && record.verifiedEmail?.toLowerCase() === currentEmail.toLowerCase(),
    phoneVerified: record.phoneVerified,
    scaProvisioned: record.scaProvisioned,
    additionalDataSubmitted: record.additionalData !== undefined,
    optionalKycDone: record.optionalKycDone,
  };
}

function toRecord(r: Selectable<CustomerOnboardingTable>): OnboardingRecord {
  return {
    emailVerified: Boolean(r.email_verified),
    ...(r.verified_email !== null && { verifiedEmail: r.verified_email }),
    phoneVerified: Boolean(r.phone_verified),
    ...(r.verified_phone !== null && { verifiedPhone: r.verified_phone }),
    scaProvisioned: Boolean(r.sca_provisioned),
    ...(r.additional_data !== null && { additionalData: r.additional_data }),
    optionalKycDone: Boolean(r.optional_kyc_done),
  };
}

/** A questionnaire stored as plain JSON, with its customer's wrapped data key (none once erased). */
export interface PlainQuestionnaire {
  readonly customerId: string;
  readonly json: string;
  readonly dataKey: string | null;
}

/** Up to `limit` questionnaires still stored as plain JSON (ciphertexts start with `v1.`). */
export async function findPlainQuestionnaires(db: Db, limit: number): Promise<PlainQuestionnaire[]> {
  const rows = await db
    .selectFrom('customer_onboarding as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select(['o.customer_id', 'o.additional_data', 'c.data_key'])
    .where('o.additional_data', 'is not', null)
    .where('o.additional_data', 'not like', 'v1.%')
    .orderBy('o.customer_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ customerId: r.customer_id, json: r.additional_data as string, dataKey: r.data_key }));
}

/** Replaces a stored questionnaire if it is still `expected`; false when it changed meanwhile. */
export async function replaceQuestionnaire(db: Db, customerId: string, expected: string, stored: string | null): Promise<boolean> {
  const result = await db
    .updateTable('customer_onboarding')
    .set({ additional_data: stored })
    .where('customer_id', '=', customerId)
    .where('additional_data', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// --- one-time codes ---------------------------------------------------------------------------

export async function findCode(db: Db, customerId: string, channel: Channel): Promise<CodeState | undefined> {
  const row = await db.selectFrom('onboarding_codes').selectAll().where('customer_id', '=', customerId).where('channel', '=', channel).executeTakeFirst();
  return (
    row && {
      destination: row.destination,
      codeHash: row.code_hash,
      wrongTries: Number(row.wrong_tries),
      sentAt: row.sent_at,
      expiresAt: row.expires_at,
      ...(row.used_at !== null && { usedAt: row.used_at }),
    }
  );
}

/** The new code in force for the customer and channel (any earlier one is void). */
export async function replaceCode(db: Db, customerId: string, channel: Channel, code: CodeState): Promise<void> {
  const values = {
    destination: code.destination,
    code_hash: code.codeHash,
    wrong_tries: 0,
    sent_at: code.sentAt,
    expires_at: code.expiresAt,
    used_at: null,
  };
  await db
    .insertInto('onboarding_codes')
    .values({ customer_id: customerId, channel, ...values })
    .onConflict((oc) => oc.columns(['customer_id', 'channel']).doUpdateSet(values))
    .execute();
}

export async function deleteCode(db: Db, customerId: string, channel: Channel, codeHash: string): Promise<void> {
  await db.deleteFrom('onboarding_codes').where('customer_id', '=', customerId).where('channel', '=', channel).where('code_hash', '=', codeHash).execute();
}

/** Counts a wrong try against the code still in force (`codeHash`); a newer code is untouched. */
export async function countWrongTry(db: Db, customerId: string, channel: Channel, codeHash: string): Promise<void> {
  await db
    .updateTable('onboarding_codes')
    .set((eb) => ({ wrong_tries: eb('wrong_tries', '+', 1) }))
    .where('customer_id', '=', customerId)
    .where('channel', '=', channel)
    .where('code_hash', '=', codeHash)
    .execute();
}

/** Marks the code used; false when it was used (or replaced) meanwhile. */
export async function useCode(db: Db, customerId: string, channel: Channel, codeHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('onboarding_codes')
    .set({ used_at: now })
    .where('customer_id', '=', customerId)
    .where('channel', '=', channel)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
