import { type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { Customer, CustomerStatus, CustomerType } from '../domain/customer/customer.js';
import { type CustomersTable, type Database, dbBoolean } from './database.js';
import { type MaybeShared, sharedView } from '../kit/shared.js';
import { reusableQuery } from './reusable-query.js';
import { flagsOf, NO_ONBOARDING_RECORD } from './onboarding-repository.js';
import type { OnboardingFlags } from '../domain/customer/status-view.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A customer with its sealed personal data, as stored. */
export interface CustomerRecord {
  readonly customer: MaybeShared<Customer>;
  readonly pii: string;
}

/** Every column of a customer row, in a fixed order, so the insert compiles once. */
const CUSTOMER_COLUMNS = [
  'id', 'tenant_id', 'number', 'type', 'status', 'status_before_deactivation', 'status_before_suspension',
  'suspension_cause', 'retry_used', 'first_name', 'last_name', 'email', 'email_key', 'phone', 'address1',
  'address2', 'city', 'state', 'postal_code', 'country', 'ssn_last4', 'has_full_ssn', 'has_date_of_birth',
  'ip_address', 'business_name', 'business_type', 'business_classification', 'ein', 'doing_business_as',
  'website', 'controller', 'external_reference', 'company', 'comment', 'pii', 'data_key', 'search_text', 'version',
  'created_at', 'updated_at', 'verification', 'pending_attempt_id', 'screening', 'held_verification',
] as const satisfies ReadonlyArray<keyof CustomersTable>;
// Fails to compile when a column is missing from the list above.
const allColumnsListed: [Exclude<keyof CustomersTable, (typeof CUSTOMER_COLUMNS)[number]>] extends [never] ? true : never = true;
void allColumnsListed;

const insertCustomerRow = reusableQuery(
  (db, ...values: unknown[]) =>
    db.insertInto('customers').values(Object.fromEntries(CUSTOMER_COLUMNS.map((column, i) => [column, values[i]])) as Insertable<CustomersTable>),
  CUSTOMER_COLUMNS.map((): unknown => null),
);

export async function insertCustomer(db: Db, customer: Customer, pii: string, dataKey: string): Promise<void> {
  const row = { ...toRow(customer, pii), data_key: dataKey };
  await insertCustomerRow(db, ...CUSTOMER_COLUMNS.map((column) => row[column]));
}

const selectCustomer = reusableQuery(
  (db, id: string, tenantId: string) => db.selectFrom('customers').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId),
  ['', ''] as const,
  { cached: true },
);

/** The customer of a row: of a shared (cached) row, shared too, so doors' views of it are as well. */
const customerOf = sharedView((row: Selectable<CustomersTable>) => rowToCustomer(row));
const customerRecordOf = sharedView((row: Selectable<CustomersTable>): CustomerRecord => ({ customer: customerOf(row), pii: row.pii }));

export async function findCustomer(db: Db, tenantId: string, id: string): Promise<MaybeShared<CustomerRecord> | undefined> {
  const [row] = await selectCustomer(db, id, tenantId);
  return row && customerRecordOf(row);
}

/** How a dialect finds a customer: by id, by email, or by its number (10npay). */
export type CustomerKey = { readonly id: string } | { readonly email: string } | { readonly number: number };

/** The whole customer with what its status view needs, found one way. */
function selectWithStatusBy(column: 'c.id' | 'c.email_key' | 'c.number') {
  return reusableQuery(
    (db, value: string | number, tenantId: string) => withStatusColumns(db.selectFrom('customers as c')).where(column as 'c.id', '=', value as string).where('c.tenant_id', '=', tenantId),
    ['', ''] as const,
    { cached: true },
  );
}

/** Customers (as `c`) with the columns their status view needs: open review case, onboarding flags. */
function withStatusColumns<Q extends SelectQueryBuilder<Database & { c: CustomersTable }, 'c', object>>(query: Q) {
  return query
    .leftJoin('review_cases as r', (join) => join.onRef('r.customer_id', '=', 'c.id').on(sql<SqlBool>`r.state <> 'closed' and r.kind = 'documents'`))
    .leftJoin('customer_onboarding as o', 'o.customer_id', 'c.id')
    .selectAll('c')
    .select(['r.state as review_state', 'o.email_verified', 'o.verified_email', 'o.phone_verified', 'o.sca_provisioned', 'o.additional_data', 'o.optional_kyc_done']);
}

const selectWithStatus = {
  id: selectWithStatusBy('c.id'),
  email: selectWithStatusBy('c.email_key'),
  number: selectWithStatusBy('c.number'),
};

/** A customer with what its status view needs: review state and onboarding flags. */
export interface CustomerWithStatusFields extends CustomerRecord {
  readonly dataKey?: string;
  readonly reviewCaseState?: string;
  readonly onboarding: OnboardingFlags;
}

/** A customer with its review state and onboarding flags, in one statement. */
export async function findCustomerWithStatusFields(
  db: Db,
  tenantId: string,
  key: CustomerKey,
): Promise<MaybeShared<CustomerWithStatusFields> | undefined> {
  const [row] =
    'id' in key
      ? await selectWithStatus.id(db, key.id, tenantId)
      : 'email' in key
        ? await selectWithStatus.email(db, emailKey(key.email), tenantId)
        : await selectWithStatus.number(db, key.number, tenantId);
  return row && withStatusRecordOf(row);
}

type WithStatusRow = Awaited<ReturnType<(typeof selectWithStatus)['id']>>[number];

const withStatusRecordOf = sharedView((row: WithStatusRow): CustomerWithStatusFields => ({
  customer: customerOf(row),
  pii: row.pii,
  ...optional('dataKey', row.data_key),
  onboarding: onboardingOf(row, row.email),
  ...optional('reviewCaseState', row.review_state),
}));

interface OnboardingColumns {
  email_verified: number | boolean | null;
  verified_email: string | null;
  phone_verified: number | boolean | null;
  sca_provisioned: number | boolean | null;
  additional_data: string | null;
  optional_kyc_done: number | boolean | null;
}

/** The onboarding flags from a left-joined row (all false when the customer has no record yet). */
function onboardingOf(row: OnboardingColumns, email: string): OnboardingFlags {
  return flagsOf(
    row.email_verified === null
      ? NO_ONBOARDING_RECORD
      : {
          emailVerified: Boolean(row.email_verified),
          ...(row.verified_email !== null && { verifiedEmail: row.verified_email }),
          phoneVerified: Boolean(row.phone_verified),
          scaProvisioned: Boolean(row.sca_provisioned),
          ...(row.additional_data !== null && { additionalData: row.additional_data }),
          optionalKycDone: Boolean(row.optional_kyc_done),
        },
    email,
  );
}

/** Any tenant's customer: for operators only. */
export async function findCustomerAnyTenant(db: Db, id: string): Promise<CustomerRecord | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { customer: rowToCustomer(row), pii: row.pii };
}

/** The customer's wrapped data key; undefined when its personal data was erased. */
export async function findCustomerDataKey(db: Db, customerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('customers').select('data_key').where('id', '=', customerId).executeTakeFirst();
  return row?.data_key ?? undefined;
}

export async function findCustomerByEmail(db: Db, tenantId: string, email: string): Promise<CustomerRecord | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('email_key', '=', emailKey(email))
    .executeTakeFirst();
  return row && { customer: rowToCustomer(row), pii: row.pii };
}

/**
 * Writes a changed customer if nobody changed it meanwhile (its version is still `expectedVersion`).
 * Returns false when the version moved on: the caller lost a race.
 */
export async function updateCustomer(db: Db, customer: Customer, pii: string, expectedVersion: number): Promise<boolean> {
  const row = toRow(customer, pii);
  // Identity, owner, number and creation time never change.
  const changes: Partial<typeof row> = { ...row };
  for (const fixed of ['id', 'tenant_id', 'number', 'created_at'] as const) delete changes[fixed];
  const result = await db
    .updateTable('customers')
    .set(changes)
    .where('id', '=', row.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CustomerFilter {
  /** One customer by id (a dialect may list with it, as Delos does). */
  readonly id?: string;
  readonly email?: string;
  readonly statuses?: readonly CustomerStatus[];
  readonly search?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  /** Resume after this (created_at, id), newest first. */
  readonly after?: { readonly createdAt: string; readonly id: string };
  readonly limit: number;
}

/** Customers newest first, ties broken by id: a stable order for cursor pagination. */
export async function listCustomers(db: Db, tenantId: string, filter: CustomerFilter): Promise<Customer[]> {
  let query = filtered(db, tenantId, filter);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('c.created_at', '<', after.createdAt), eb.and([eb('c.created_at', '=', after.createdAt), eb('c.id', '<', after.id)])]),
    );
  }
  const rows = await query.selectAll().orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(filter.limit).execute();
  return rows.map(rowToCustomer);
}

/** A page by offset, as Dwolla lists, with the total of matching customers. */
export async function listCustomersAtOffset(db: Db, tenantId: string, filter: Omit<CustomerFilter, 'after'>, offset: number): Promise<{ customers: Customer[]; total: number }> {
  const rows = await filtered(db, tenantId, filter).selectAll().orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(filter.limit).offset(offset).execute();
  const count = await filtered(db, tenantId, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { customers: rows.map(rowToCustomer), total: Number(count?.n ?? 0) };
}

/**
 * A page by offset with the total, each customer with what its status view needs: one statement
 * for the page and one for the total, however many customers the page holds.
 */
export async function listCustomersWithStatusAtOffset(
  db: Db,
  tenantId: string,
  filter: Omit<CustomerFilter, 'after'>,
  offset: number,
): Promise<{ records: CustomerWithStatusFields[]; total: number }> {
  const rows = await withStatusColumns(filtered(db, tenantId, filter)).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(filter.limit).offset(offset).execute();
  const count = await filtered(db, tenantId, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { records: rows.map((row) => withStatusRecordOf(row)), total: Number(count?.n ?? 0) };
}

/** The customers (as `c`, so a listing can join what it needs) that the filter picks. */
function filtered(db: Db, tenantId: string, filter: Omit<CustomerFilter, 'after' | 'limit'>) {
  let query = db.selectFrom('customers as c').where('c.tenant_id', '=', tenantId);
  if (filter.id !== undefined) query = query.where('c.id', '=', filter.id);
  if (filter.email !== undefined) query = query.where('c.email_key', '=', emailKey(filter.email));
  if (filter.statuses && filter.statuses.length > 0) query = query.where('c.status', 'in', [...filter.statuses]);
  const search = filter.search;
  if (search) query = query.where(() => searchTextContains(search, 'c'));
  if (filter.createdFrom) query = query.where('c.created_at', '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where('c.created_at', '<', filter.createdTo);
  return query;
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The stored uniqueness key of a customer's email. A customer created without one (some dialects
 * do not ask for it) gets a key no address can have (no `@`), so it never collides nor matches.
 */
function storedEmailKey(c: Pick<Customer, 'id' | 'email'>): string {
  return c.email === '' ? `none:${c.id}` : emailKey(c.email);
}

/**
 * `search_text` (names, email and business name, lower-cased) contains `text` literally: `%`
 * and `_` are escaped, with the escape character named, since SQLite's LIKE has none by default.
 */
export function searchTextContains(text: string, table?: string) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(table === undefined ? 'search_text' : `${table}.search_text`)} like ${pattern} escape '\\'`;
}

function toRow(c: Customer, pii: string): Insertable<CustomersTable> {
  return {
    id: c.id,
    tenant_id: c.tenantId,
    number: c.number,
    type: c.type,
    status: c.status,
    status_before_deactivation: c.statusBeforeDeactivation ?? null,
    status_before_suspension: c.statusBeforeSuspension ?? null,
    suspension_cause: c.suspensionCause ?? null,
    retry_used: dbBoolean(c.retryUsed),
    first_name: c.firstName,
    last_name: c.lastName,
    email: c.email,
    email_key: storedEmailKey(c),
    phone: c.phone ?? null,
    address1: c.address1 ?? null,
    address2: c.address2 ?? null,
    city: c.city ?? null,
    state: c.state ?? null,
    postal_code: c.postalCode ?? null,
    country: c.country ?? null,
    ssn_last4: c.ssnLast4 ?? null,
    has_full_ssn: dbBoolean(c.hasFullSsn),
    has_date_of_birth: dbBoolean(c.hasDateOfBirth),
    ip_address: c.ipAddress ?? null,
    business_name: c.businessName ?? null,
    business_type: c.businessType ?? null,
    business_classification: c.businessClassification ?? null,
    ein: c.ein ?? null,
    doing_business_as: c.doingBusinessAs ?? null,
    website: c.website ?? null,
    controller: c.controller ? JSON.stringify(c.controller) : null,
    external_reference: c.externalReference ?? null,
    company: c.company ?? null,
    comment: c.comment ?? null,
    pii,
    search_text: [c.firstName, c.lastName, c.email, c.businessName ?? ''].join(' ').toLowerCase(),
    version: c.version,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    verification: c.verification ? JSON.stringify(c.verification) : null,
    pending_attempt_id: c.pendingAttemptId ?? null,
    screening: c.screening ? JSON.stringify(c.screening) : null,
    held_verification: c.heldVerification ? JSON.stringify(c.heldVerification) : null,
  };
}

/**
 * The optional fields of a customer and their columns: a field is present only when its column
 * holds a value. Set one by one on a single object, which costs far less than spreading a small
 * object per field (this runs for every customer read).
 */
const OPTIONAL_FIELDS = [
  ['statusBeforeDeactivation', 'status_before_deactivation'],
  ['statusBeforeSuspension', 'status_before_suspension'],
  ['suspensionCause', 'suspension_cause'],
  ['phone', 'phone'],
  ['address1', 'address1'],
  ['address2', 'address2'],
  ['city', 'city'],
  ['state', 'state'],
  ['postalCode', 'postal_code'],
  ['country', 'country'],
  ['ssnLast4', 'ssn_last4'],
  ['ipAddress', 'ip_address'],
  ['businessName', 'business_name'],
  ['businessType', 'business_type'],
  ['businessClassification', 'business_classification'],
  ['ein', 'ein'],
  ['doingBusinessAs', 'doing_business_as'],
  ['website', 'website'],
  ['externalReference', 'external_reference'],
  ['company', 'company'],
  ['comment', 'comment'],
  ['pendingAttemptId', 'pending_attempt_id'],
] as const satisfies ReadonlyArray<readonly [keyof Customer, keyof CustomersTable]>;

export function rowToCustomer(row: Selectable<CustomersTable>): Customer {
  const customer: Record<string, unknown> = {
    id: row.id,
    number: Number(row.number),
    tenantId: row.tenant_id,
    type: row.type as CustomerType,
    status: row.status as CustomerStatus,
    retryUsed: Boolean(row.retry_used),
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    hasFullSsn: Boolean(row.has_full_ssn),
    hasDateOfBirth: Boolean(row.has_date_of_birth),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
  for (const [field, column] of OPTIONAL_FIELDS) {
    const value = row[column];
    if (value !== null) customer[field] = value;
  }
  if (row.controller !== null) customer.controller = JSON.parse(row.controller) as Customer['controller'];
  if (row.verification !== null) customer.verification = JSON.parse(row.verification) as Customer['verification'];
  if (row.screening !== null) customer.screening = JSON.parse(row.screening) as Customer['screening'];
  if (row.held_verification !== null) customer.heldVerification = JSON.parse(row.held_verification) as Customer['heldVerification'];
  return customer as unknown as Customer;
}

/** `{ [key]: value }` when the column holds a value, `{}` for NULL: absent fields stay absent. */
function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

