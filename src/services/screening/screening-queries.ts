import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ListVersionRef, ScreeningStatus } from '../../domain/screening/customer-screening.js';
import type { ScreeningHit } from '../../domain/screening/hits.js';
import { ageInDays, type ListVersion } from '../../domain/screening/list-version.js';
import { isUuid } from '../../kit/cursor.js';
import { findCustomer } from '../../store/customers-repository.js';
import type { Database } from '../../store/database.js';
import { listHitsOfCustomer } from '../../store/screening-hits-repository.js';
import { listActiveVersions } from '../../store/screening-lists-repository.js';
import { lastCompletedFullRun } from '../../store/screening-runs-repository.js';

/** A customer's screening as the API shows it. */
export interface CustomerScreeningView {
  readonly status: ScreeningStatus;
  /** Whether a hit holds the customer (it cannot send, nor become verified, until decided). */
  readonly held: boolean;
  /** When the customer was last screened (by its own change or a rescreen run); null if never. */
  readonly screenedAt: string | null;
  readonly lists: readonly ListVersionRef[];
  /** Hits found and not gone: open ones and decided ones. */
  readonly hits: readonly ScreeningHit[];
}

/** An active list version with how old it is. */
export interface ListView extends ListVersion {
  /** Days since the publisher dated it (or since it was imported, when the file says no date). */
  readonly ageDays: number;
}

/** What the API reads about screening: a customer's standing, and the lists in force. */
export class ScreeningQueries {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async ofCustomer(tenantId: string, customerId: string): Promise<CustomerScreeningView> {
    const record = isUuid(customerId) ? await findCustomer(this.db, tenantId, customerId) : undefined;
    if (!record) throw new NotFoundError('customer', 'Customer not found.');
    const { customer } = record;
    const [hits, run] = await Promise.all([listHitsOfCustomer(this.db, customer.id), lastCompletedFullRun(this.db)]);
    const own = customer.screening;
    // A run that finished after the customer's own screening screened it too, against its lists.
    const byRun = run?.finishedAt !== undefined && (own === undefined || run.finishedAt > own.screenedAt);
    return {
      status: own?.status ?? 'clear',
      held: own?.held ?? false,
      screenedAt: byRun ? (run.finishedAt ?? null) : (own?.screenedAt ?? null),
      lists: byRun ? run.lists : (own?.lists ?? []),
      hits: hits.filter((hit) => hit.state !== 'gone'),
    };
  }

  /** The active lists a tenant's customers are screened against (all of them, for an operator). */
  async lists(tenantId?: string): Promise<ListView[]> {
    const now = this.clock.now().toISOString();
    const active = await listActiveVersions(this.db);
    return active
      .filter((version) => tenantId === undefined || version.tenantId === undefined || version.tenantId === tenantId)
      .map((version) => ({ ...version, ageDays: ageInDays(version.publishedAt ?? version.importedAt, now) }));
  }
}
