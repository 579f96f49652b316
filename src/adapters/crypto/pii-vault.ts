import type { CustomerSecrets } from '../../domain/customer/customer.js';
import { newDataKey, open, seal } from './envelope.js';

/** A customer's sealed personal data as stored: the wrapped data key and the ciphertext. */
export interface SealedSecrets {
  readonly wrappedKey: string;
  readonly ciphertext: string;
}

/** Encrypts and decrypts customers' personal data (SSN, dates of birth, passport numbers, questionnaires). */
export class PiiVault {
  /**
   * Unwrapped data keys of customers read lately. Unwrapping costs as much as a point read, and
   * the process holds the key-encryption key anyway, so keeping them changes nothing about who
   * can decrypt; erasing a customer's wrapped key in the store still makes its data unreadable,
   * since nothing then asks for that key.
   */
  readonly #dataKeys = new Map<string, Buffer>();

  constructor(
    /** Key-encryption key, derived from the master key for this purpose only. */
    private readonly keyEncryptionKey: Buffer,
  ) {}

  /** Seals with a fresh data key (a new customer). */
  sealNew(customerId: string, secrets: CustomerSecrets): SealedSecrets {
    const dataKey = newDataKey();
    return {
      wrappedKey: seal(this.keyEncryptionKey, dataKey, `customer-key:${customerId}`),
      ciphertext: seal(dataKey, Buffer.from(JSON.stringify(secrets)), `customer-pii:${customerId}`),
    };
  }

  /** Seals new content under the customer's existing data key. */
  reseal(customerId: string, wrappedKey: string, secrets: CustomerSecrets): string {
    return seal(this.#dataKey(customerId, wrappedKey), Buffer.from(JSON.stringify(secrets)), `customer-pii:${customerId}`);
  }

  open(customerId: string, sealed: SealedSecrets): CustomerSecrets {
    const plain = open(this.#dataKey(customerId, sealed.wrappedKey), sealed.ciphertext, `customer-pii:${customerId}`);
    return JSON.parse(plain.toString('utf8')) as CustomerSecrets;
  }

  /**
   * Seals another piece of the customer's personal data (the onboarding questionnaire) under its
   * data key, so erasing the key erases it too; `purpose` binds the ciphertext to its place.
   */
  sealText(customerId: string, wrappedKey: string, purpose: string, text: string): string {
    return seal(this.#dataKey(customerId, wrappedKey), Buffer.from(text, 'utf8'), `customer-${purpose}:${customerId}`);
  }

  openText(customerId: string, wrappedKey: string, purpose: string, sealed: string): string {
    return open(this.#dataKey(customerId, wrappedKey), sealed, `customer-${purpose}:${customerId}`).toString('utf8');
  }

  #dataKey(customerId: string, wrappedKey: string): Buffer {
    // The customer id is bound into the wrapped key (associated data), so the cache key holds both.
    const cacheKey = `${customerId}:${wrappedKey}`;
    let key = this.#dataKeys.get(cacheKey);
    if (key === undefined) {
      key = open(this.keyEncryptionKey, wrappedKey, `customer-key:${customerId}`);
      if (this.#dataKeys.size >= DATA_KEY_CACHE_ENTRIES) this.#dataKeys.delete(this.#dataKeys.keys().next().value as string);
      this.#dataKeys.set(cacheKey, key);
    }
    return key;
  }
}

/** Data keys kept unwrapped, at most (32 bytes each). */
const DATA_KEY_CACHE_ENTRIES = 10_000;
