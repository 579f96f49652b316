/** What stays with a customer besides its current state: its history and its verification attempts. */

export interface HistoryRow {
  readonly id: string;
  readonly customerId: string;
  readonly action: string;
  readonly actorKind: string;
  readonly actorId?: string;
  readonly reasonCode?: string;
  readonly comment?: string;
  readonly statusBefore?: string;
  readonly statusAfter: string;
  readonly createdAt: string;
  readonly sequence: number;
  /** The basis of the verification this line records, when it records one. */
  readonly basis?: string;
}

export interface AttemptRow {
  readonly id: string;
  readonly customerId: string;
  readonly attempt: string;
  readonly fingerprint: string;
  readonly score: number;
  readonly decision: string;
  readonly reasons: readonly string[];
  readonly createdAt: string;
  /** decided, pending (on the identity-data provider) or abandoned (the customer moved on first). */
  readonly state?: string;
  readonly basis?: string;
  /** When a pending attempt is next tried. */
  readonly nextTryAt?: string;
  readonly decidedAt?: string;
  /** The identity-data provider's answer, when it gave one. */
  readonly provider?: { readonly result: string; readonly reference: string; readonly reasons: readonly unknown[] };
  /** Every exchange with the provider (the SSN as its last 4 digits only). */
  readonly exchanges?: readonly unknown[];
  readonly tries?: number;
}
