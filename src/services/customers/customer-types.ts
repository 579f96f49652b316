import type { Customer } from '../../domain/customer/customer.js';
import type { CreateRules } from '../../domain/customer/customer-rules.js';
import type { StatusView } from '../../domain/customer/status-view.js';
import type { CustomerFilter } from '../../store/customers-repository.js';

/** What the customer service takes and answers. */

export type LifecycleAction = 'deactivate' | 'reactivate' | 'suspend' | 'reinstate' | 'close';

export interface ActionNote {
  readonly reasonCode?: string;
  readonly comment?: string;
}

export interface CustomerPage {
  readonly customers: readonly Customer[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export interface ListQuery extends Omit<CustomerFilter, 'after'> {
  readonly after?: string;
}

/** How a dialect that knows fewer fields creates customers (see CreateRules). */
export type CustomerCreateOptions = CreateRules;

export interface CustomerWithStatus {
  readonly customer: Customer;
  readonly status: StatusView;
  /** YYYY-MM-DD; only when asked for and known. */
  readonly dateOfBirth?: string;
}

export interface UpsertResult {
  readonly result: 'created' | 'updated';
  readonly customer: Customer;
}
