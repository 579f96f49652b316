import type { Kysely } from 'kysely';
import type { PiiVault } from '../../adapters/crypto/pii-vault.js';
import { findCustomerDataKey } from '../../store/customers-repository.js';
import type { Customer, CustomerSecrets } from '../../domain/customer/customer.js';
import type { ScreeningBands } from '../../domain/screening/bands.js';
import { type ScreenedFields, screenedFields, subjectDigestInput } from '../../domain/screening/customer-screening.js';
import type { Database } from '../../store/database.js';
import { listHitsOfCustomer } from '../../store/screening-hits-repository.js';
import type { SanctionsScreening } from './sanctions-screening.js';
import { type ScreeningOutcome, screeningOutcome } from './screening-outcome.js';

/**
 * Screens one customer as part of a change of it (creation, a change of a screened field,
 * reactivation): the doors' services call it before writing, and write its outcome with the change.
 */
export class CustomerScreener {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sanctions: SanctionsScreening,
    private readonly bandsOf: (tenantId: string) => Promise<ScreeningBands>,
    private readonly vault: PiiVault,
  ) {}

  /** Screens a customer being changed, its date of birth decrypted from its sealed data. */
  async screenSealed(customer: Customer, pii: string, now: string): Promise<ScreeningOutcome | undefined> {
    // Nothing to decrypt for when no list was ever imported.
    if (!(await this.sanctions.loaded())) return undefined;
    const wrappedKey = await findCustomerDataKey(this.db, customer.id);
    const secrets = wrappedKey === undefined ? {} : this.vault.open(customer.id, { ciphertext: pii, wrappedKey });
    return this.screen(customer, secrets, now);
  }

  /** The outcome of screening `customer` (as it is about to be written); undefined when no list is imported. */
  async screen(customer: Customer, secrets: CustomerSecrets, now: string, options: { readonly isNew?: boolean } = {}): Promise<ScreeningOutcome | undefined> {
    const indexes = await this.sanctions.loaded();
    if (!indexes) return undefined;
    const pass = this.sanctions.screenAll(indexes, customer.tenantId, fieldsOf(customer, secrets), await this.bandsOf(customer.tenantId));
    const kept = options.isNew ? [] : await listHitsOfCustomer(this.db, customer.id);
    return screeningOutcome(customer, kept, pass, now);
  }
}

export function fieldsOf(customer: Pick<Customer, 'firstName' | 'lastName' | 'country' | 'businessName' | 'doingBusinessAs' | 'controller'>, secrets: CustomerSecrets): ScreenedFields {
  return screenedFields(customer, {
    ...(secrets.dateOfBirth !== undefined && { dateOfBirth: secrets.dateOfBirth }),
    ...(secrets.controller?.dateOfBirth !== undefined && { controllerDateOfBirth: secrets.controller.dateOfBirth }),
  });
}

/** Whether a change touched anything screening reads (names, date of birth, country, business, controller). */
export function screenedFieldsChanged(before: Customer, beforeSecrets: CustomerSecrets, after: Customer, afterSecrets: CustomerSecrets): boolean {
  return subjectDigestInput(fieldsOf(before, beforeSecrets)) !== subjectDigestInput(fieldsOf(after, afterSecrets));
}
