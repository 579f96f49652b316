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
}
