import type { Kysely } from 'kysely';
import type { Customer, CustomerStatus } from '../../domain/customer/customer.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ReviewCase } from '../../domain/review/review-case.js';
import { listDeliveriesAboutCustomer } from '../../store/customer-deliveries-repository.js';
import type { CustomerDeliveryRow } from '../../domain/webhooks/customer-delivery.js';
import { type CustomerMatch, searchCustomers } from '../../store/customer-search-repository.js';
import { findCustomerAnyTenant } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import { findOpenCaseOfCustomer } from '../../store/review-cases-repository.js';
import { decodeTimeCursor, encodeCursor, isUuid, pageOf } from '../../kit/cursor.js';
import type { CustomerPage } from './customer-service.js';

export interface CustomerSearchQuery {
  /** A part of a name or email, or a customer's exact id or number. */
  readonly text?: string;
  /** Only this tenant's customers; every tenant's when absent. */
  readonly tenantId?: string;
  readonly status?: CustomerStatus;
  /** A cursor from an earlier page. */
  readonly after?: string;
  readonly limit: number;
}

/** Largest customer number (10npay's user id is a signed 32-bit integer). */
const MAX_NUMBER = 2_147_483_647;

/**
 * What back-office operators look up about customers. Operators are bound to no tenant, so these
 * reads span every tenant; the tenant APIs never reach them.
 */
export class CustomerSearch {
  constructor(private readonly db: Kysely<Database>) {}

  /** Customers matching the query, newest first, a page at a time. */
  async search(query: CustomerSearchQuery): Promise<CustomerPage> {
    const match = matchOf(query.text);
    const rows = await searchCustomers(this.db, {
      ...(match && { match }),
      ...(query.tenantId !== undefined && { tenantId: query.tenantId }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.after !== undefined && { after: decodeTimeCursor(query.after) }),
      limit: query.limit + 1,
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => encodeCursor(last.createdAt, last.id));
    return { customers: items, ...(nextCursor && { nextCursor }) };
  }

  /** Any tenant's customer; NotFoundError for an unknown id or one that is not a UUID. */
  async find(id: string): Promise<Customer> {
    const record = isUuid(id) ? await findCustomerAnyTenant(this.db, id.toLowerCase()) : undefined;
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    return record.customer;
  }

  /** The customer's review case still in progress, if any. */
  async openReviewCase(customerId: string): Promise<ReviewCase | undefined> {
    return (await findOpenCaseOfCustomer(this.db, customerId))?.reviewCase;
  }

  /** The newest webhook deliveries of events about the customer (itself or its documents). */
  webhookDeliveries(customerId: string, limit = 50): Promise<CustomerDeliveryRow[]> {
    return listDeliveriesAboutCustomer(this.db, customerId, limit);
  }
}

/** How typed text matches: always as part of a name or email; also as an exact id or number. */
function matchOf(text: string | undefined): CustomerMatch | undefined {
  const trimmed = text?.trim().toLowerCase();
  if (!trimmed) return undefined;
  const number = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : undefined;
  return {
    contains: trimmed,
    ...(isUuid(trimmed) && { id: trimmed }),
    ...(number !== undefined && number >= 1 && number <= MAX_NUMBER && { number }),
  };
}
