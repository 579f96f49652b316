// What the clients of the crash test did and what they were told: the record the server's state
// is checked against after the last restart. "Acknowledged" is a 2xx answer; "in doubt" is a
// request that got no answer because the server was killed (it may or may not have happened).

/** The identity fields a test customer is compared on. */
export interface CustomerFields {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly type: string;
  readonly externalReference?: string;
}

/** A customer made with POST /v1/customers and never changed by a client afterwards. */
export interface CreatedCustomer {
  readonly id: string;
  readonly fields: CustomerFields;
  /** The status the create answered with. */
  readonly status: string;
  /** Sent for personal customers: stored encrypted, so reading it back proves the sealed data whole. */
  readonly dateOfBirth?: string;
  /** Sent with an Idempotency-Key: resending it must replay the same customer. */
  readonly replay?: { readonly key: string; readonly body: unknown };
}

/**
 * An email only ever upserted (native upsert or Veratad's createOrUpdateCustomer), by one client
 * at a time. The customer must look like one of `candidates`: the last acknowledged version and
 * every version sent in doubt after it (any of them may have been the last to commit).
 */
export interface UpsertedEmail {
  id?: string;
  candidates: CustomerFields[];
  /** Whether any upsert of it was acknowledged (then it must exist). */
  acknowledged: boolean;
}

export interface UploadedDocument {
  readonly id: string;
  readonly customerId: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
}

export type LedgerKind = 'credit' | 'debit' | 'hold' | 'release' | 'capture' | 'transfer';

export interface LedgerRequest {
  readonly key: string;
  readonly kind: LedgerKind;
  readonly customerId: string;
  readonly counterpartyId?: string;
  readonly currency: string;
  /** The amount in nanos; unique per request, so an operation found in a journal names its request. */
  readonly nanos: bigint;
}

export interface ReviewDecision {
  readonly caseId: string;
  readonly customerId: string;
  readonly decision: 'approve' | 'request_documents' | 'reject';
}

export type Outcome = 'acknowledged' | 'refused' | 'in doubt';

export class LoadRecord {
  readonly created = new Map<string, CreatedCustomer>();
  readonly createsInDoubt: CustomerFields[] = [];
  readonly upserted = new Map<string, UpsertedEmail>();
  readonly documents = new Map<string, UploadedDocument>();
  /**
   * Every file sent (acknowledged or not), by SHA-256, with the customer it was for (its id, or
   * its email for Veratad's calls): any document that shows up must be one of these, whole.
   */
  readonly filesSent = new Map<string, { readonly customerId?: string; readonly email?: string }>();
  /** Veratad createOrUpdateCustomer calls with both images, acknowledged, by email. */
  readonly veratadWithImages = new Map<string, { readonly id: string; readonly front: string; readonly back: string; readonly dob: string }>();
  readonly ledger = new Map<string, LedgerRequest>();
  readonly ledgerInDoubt: LedgerRequest[] = [];
  /** Acknowledged operations resent with their key, and the id the resend answered. */
  readonly ledgerReplays: Array<{ readonly id: string; readonly answeredId: string; readonly status: number; readonly headerReplayed: boolean }> = [];
  readonly documentDecisions = new Map<string, 'accepted' | 'rejected'>();
  readonly caseDecisions: ReviewDecision[] = [];
  /** Answers no client should get (unexpected statuses), with what was asked. */
  readonly surprises: string[] = [];
  readonly #tally = new Map<string, Record<Outcome, number>>();

  count(action: string, outcome: Outcome): void {
    const row = this.#tally.get(action) ?? { acknowledged: 0, refused: 0, 'in doubt': 0 };
    row[outcome] += 1;
    this.#tally.set(action, row);
  }

  /** action → how many were acknowledged, refused (a 4xx the test expects) and in doubt. */
  tally(): Record<string, Record<Outcome, number>> {
    return Object.fromEntries([...this.#tally.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  acknowledged(): number {
    return [...this.#tally.values()].reduce((sum, row) => sum + row.acknowledged, 0);
  }

  inDoubt(): number {
    return [...this.#tally.values()].reduce((sum, row) => sum + row['in doubt'], 0);
  }
}
