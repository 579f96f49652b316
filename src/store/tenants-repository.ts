import type { DocumentReadingPolicy } from '../domain/document/reading-policy.js';
import { isVerificationBasis, type VerificationBasis } from '../domain/verification/basis.js';
import { isOnboardingStep, type OnboardingStep } from '../domain/onboarding/steps.js';
import type { ScreeningBands } from '../domain/screening/bands.js';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SelfAttestationSetting, Tenant } from '../domain/tenant.js';
import { type Database, dbBoolean, type TenantsTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewTenantRow {
  id: string;
  name: string;
  key: string;
  secretHash: string;
  isSandbox: boolean;
  now: string;
}

export async function insertTenant(db: Db, row: NewTenantRow): Promise<Tenant> {
  const inserted = await db
    .insertInto('tenants')
    .values({
      id: row.id,
      name: row.name,
      key: row.key,
      secret_hash: row.secretHash,
      secret_version: 1,
      is_sandbox: dbBoolean(row.isSandbox),
      created_at: row.now,
      updated_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToTenant(inserted);
}

export async function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToTenant(row);
}

/** The tenant with its secret hash, for checking credentials. */
export async function findTenantCredentialsByKey(
  db: Db,
  key: string,
): Promise<{ tenant: Tenant; secretHash: string } | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('key', '=', key).executeTakeFirst();
  return row && { tenant: rowToTenant(row), secretHash: row.secret_hash };
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(rowToTenant);
}

/** Replaces the secret hash and bumps the version; undefined when no such tenant. */
export async function replaceTenantSecret(
  db: Db,
  id: string,
  secretHash: string,
  now: string,
): Promise<Tenant | undefined> {
  const row = await db
    .updateTable('tenants')
    .set((eb) => ({ secret_hash: secretHash, secret_version: eb('secret_version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && rowToTenant(row);
}

export interface TenantSettingChanges {
  readonly name?: string;
  readonly requiredOnboardingSteps?: readonly OnboardingStep[];
  readonly selfAttestation?: SelfAttestationSetting;
  /** The verification bases accepted; 'default' goes back to every available one. */
  readonly acceptedBases?: readonly VerificationBasis[] | 'default';
  /** The screening score bands; 'default' goes back to Verity's. */
  readonly screeningBands?: ScreeningBands | 'default';
  /** What document comparisons accept; 'default' goes back to Verity's. */
  readonly documentReading?: Partial<DocumentReadingPolicy> | 'default';
}

export async function updateTenantSettings(
  db: Db,
  id: string,
  changes: TenantSettingChanges,
  now: string,
): Promise<Tenant | undefined> {
  const row = await db
    .updateTable('tenants')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.requiredOnboardingSteps !== undefined && { required_onboarding_steps: JSON.stringify(changes.requiredOnboardingSteps) }),
      ...(changes.selfAttestation !== undefined && { self_attestation: changes.selfAttestation === 'default' ? null : dbBoolean(changes.selfAttestation === 'on') }),
      ...(changes.acceptedBases !== undefined && { accepted_bases: changes.acceptedBases === 'default' ? null : JSON.stringify(changes.acceptedBases) }),
      ...(changes.screeningBands !== undefined && { screening_bands: changes.screeningBands === 'default' ? null : JSON.stringify(changes.screeningBands) }),
      ...(changes.documentReading !== undefined && { document_reading: changes.documentReading === 'default' ? null : JSON.stringify(changes.documentReading) }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && rowToTenant(row);
}

function rowToTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    isSandbox: Boolean(row.is_sandbox),
    secretVersion: Number(row.secret_version),
    requiredOnboardingSteps: parseSteps(row.required_onboarding_steps),
    ...(row.self_attestation !== null && { selfAttestation: Boolean(row.self_attestation) }),
    ...(row.accepted_bases !== null && { acceptedBases: parseBases(row.accepted_bases) }),
    ...(row.screening_bands !== null && { screeningBands: JSON.parse(row.screening_bands) as ScreeningBands }),
    ...(row.document_reading !== null && { documentReading: JSON.parse(row.document_reading) as DocumentReadingPolicy }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseBases(json: string): VerificationBasis[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter(isVerificationBasis) : [];
}

function parseSteps(json: string): OnboardingStep[] {
  const parsed: unknown = JSON.parse(json || '[]');
  return Array.isArray(parsed) ? parsed.filter(isOnboardingStep) : [];
}
