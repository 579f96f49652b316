import type { Kysely } from 'kysely';
import type { PiiVault } from '../../adapters/crypto/pii-vault.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor, Customer, CustomerSecrets } from '../../domain/customer/customer.js';
import { ConflictError } from '../../domain/errors.js';
import type { ScreeningBands } from '../../domain/screening/bands.js';
import type { CandidateIndex } from '../../domain/screening/candidate-index.js';
import type { ScreeningHit } from '../../domain/screening/hits.js';
import type { ScreeningRun } from '../../domain/screening/screening-run.js';
import { uuidv7 } from '../../kit/ids.js';
import { type CustomerToScreen, findSealedCustomer, listCustomersToScreen, type SealedCustomer } from '../../store/customers-to-screen-repository.js';
import type { Database } from '../../store/database.js';
import { listHitsOfCustomer } from '../../store/screening-hits-repository.js';
import { finishRun, lastFullRunStart, listRuns, startRun } from '../../store/screening-runs-repository.js';
import type { Transact } from '../../store/transactions.js';
import { saveChange, withScreening } from '../customers/customer-writes.js';
import { fieldsOf } from './customer-screener.js';
import type { ListImportResult } from './list-imports.js';
import { buildIndexes, type LoadedIndexes, searchedFor } from './list-indexes.js';
import { listActiveVersions } from '../../store/screening-lists-repository.js';
import type { SanctionsScreening } from './sanctions-screening.js';
import { type ScreeningOutcome, screeningOutcome } from './screening-outcome.js';

/** Customers read per page of a rescreen. */
const PAGE = 1_000;
const SYSTEM: Actor = { kind: 'system' };

/** What one run screens against: which entries, for which customers, covering which kept hits. */
interface RunPlan {
  readonly kind: ScreeningRun['kind'];
  /** The indexes searched for a customer of this tenant. */
  readonly searchedFor: (tenantId: string) => readonly CandidateIndex[];
  readonly origins: Pick<LoadedIndexes, 'originOf'>;
  /** The list versions in force, which a customer now stands screened against. */
  readonly current: Pick<LoadedIndexes, 'versions'>;
  readonly covers: (hit: { source: string; entityId: string }) => boolean;
  /** Only this tenant's customers (a tenant's own blocklist changed). */
  readonly tenantId?: string;
  readonly entries: number;
  readonly lists: ScreeningRun['lists'];
}

/**
 * Rescreens every customer: after an import, against the entries it added or changed (and the
 * hits on entries it removed or changed); on demand or on a schedule, against every list. Each
 * run is recorded. A customer is written only when its screening changed in what matters (a hit
 * opened, gone or rescored; its standing moved), in a transaction of its own, with its events.
 */
export class Rescreens {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transact: Transact,
    private readonly clock: Clock,
    private readonly vault: PiiVault,
    private readonly sanctions: SanctionsScreening,
    private readonly bandsOf: (tenantId: string) => Promise<ScreeningBands>,
  ) {}

  /** After an import: every customer against the entries it changed. Nothing to do for an unchanged import. */
  async afterImport(result: ListImportResult): Promise<ScreeningRun | undefined> {
    if (result.unchanged) return undefined;
    // A new version (even one whose entries all read the same) is a new generation of indexes.
    this.sanctions.invalidate();
    if (result.changedEntities.size === 0 && result.removedEntities.size === 0) return undefined;
    const version = result.version;
    const changed = buildIndexes(`changed:${version.id}`, [{ version, entries: result.changedEntries }]);
    const touched = new Set([...result.changedEntities, ...result.removedEntities]);
    const searched = [...changed.official, ...[...changed.byTenant.values()].flat()];
    // Only the list versions in force are needed here, not their indexes: those load when next used.
    const current = { versions: await listActiveVersions(this.db) };
    return this.#run({
      kind: 'import',
      searchedFor: () => searched,
      origins: changed,
      current,
      covers: (hit) => hit.source === version.source && touched.has(hit.entityId),
      ...(version.tenantId !== undefined && { tenantId: version.tenantId }),
      entries: result.changedEntries.length,
      lists: [{ listId: version.id, source: version.source, version: version.version }],
    });
  }

  /**
   * Every customer against every list. `slot`: a scheduled run's slot id; when another node
   * started the run of that slot already, nothing is done and undefined is returned.
   */
  async full(kind: 'full' | 'scheduled' = 'full', slot?: string): Promise<ScreeningRun | undefined> {
    const current = await this.sanctions.current();
    if (current.versions.length === 0) return undefined;
    return this.#run(
      {
        kind,
        searchedFor: (tenantId) => searchedFor(current, tenantId),
        origins: current,
        current,
        covers: () => true,
        entries: current.versions.reduce((sum, version) => sum + version.entityCount, 0),
        lists: current.versions.map((v) => ({ listId: v.id, source: v.source, version: v.version })),
      },
      slot,
    );
  }

  /** Runs a scheduled full rescreen when the last full one started more than `intervalMs` ago. */
  async fullIfDue(intervalMs: number): Promise<ScreeningRun | undefined> {
    const last = await lastFullRunStart(this.db);
    const now = this.clock.now().getTime();
    if (last !== undefined && now - Date.parse(last) < intervalMs) return undefined;
    // One run per interval slot, whichever node comes first: the slot is the run's id.
    return this.full('scheduled', `scheduled-${Math.floor(now / intervalMs)}-${intervalMs}`);
  }

  runs(limit: number): Promise<ScreeningRun[]> {
    return listRuns(this.db, limit);
  }

  async #run(plan: RunPlan, slot?: string): Promise<ScreeningRun | undefined> {
    let run: ScreeningRun = { id: slot ?? uuidv7(), kind: plan.kind, lists: plan.lists, startedAt: this.#now(), state: 'running', screened: 0, entries: plan.entries, hits: 0, alerts: 0 };
    if (!(await startRun(this.db, run))) return undefined;
    const tally = { screened: 0, hits: 0, alerts: 0 };
    try {
      let afterId: string | undefined;
      for (;;) {
        const page = await listCustomersToScreen(this.db, { limit: PAGE, ...(afterId !== undefined && { afterId }), ...(plan.tenantId !== undefined && { tenantId: plan.tenantId }) });
        if (page.length === 0) break;
        afterId = page[page.length - 1]?.id;
        for (const customer of page) {
          const result = await this.#screenOne(customer, plan);
          tally.screened += 1;
          tally.alerts += result.alerts;
          if (result.potential) tally.hits += 1;
        }
      }
      run = { ...run, ...tally, state: 'done', finishedAt: this.#now() };
    } catch (error) {
      run = { ...run, ...tally, state: 'failed', finishedAt: this.#now(), error: error instanceof Error ? error.message : String(error) };
      await finishRun(this.db, run);
      throw error;
    }
    await finishRun(this.db, run);
    return run;
  }

  /** Screens one customer of a run, writing it when its screening changed in what matters. */
  async #screenOne(customer: CustomerToScreen, plan: RunPlan): Promise<{ alerts: number; potential: boolean }> {
    const bands = await this.bandsOf(customer.tenantId);
    const searched = plan.searchedFor(customer.tenantId);
    // Names alone first: most customers are clear whatever their date of birth, and are neither
    // read whole nor decrypted. One with a hit waiting for review is looked at in full: the run may
    // have made its hit go.
    const waiting = customer.screening?.status === 'potential_match';
    if (!waiting && !this.sanctions.mayHit(searched, fieldsOf(customer, {}), bands)) {
      return { alerts: 0, potential: false };
    }
    for (let attempt = 0; ; attempt++) {
      const current = await this.#reload(customer.id);
      if (!current || current.found.customer.status === 'closed') return { alerts: 0, potential: false };
      const outcome = this.#outcome(current.found, current.kept, plan, searched, bands);
      if (!outcome.material) return { alerts: 0, potential: outcome.customer.screening?.status === 'potential_match' };
      try {
        await this.#save(current.found, outcome);
        return { alerts: outcome.opened.length, potential: outcome.customer.screening?.status === 'potential_match' };
      } catch (error) {
        // The customer changed meanwhile (its own change screened it too): read it again, once more.
        if (!(error instanceof ConflictError) || attempt >= 2) throw error;
      }
    }
  }

  #outcome(found: SealedCustomer, kept: readonly ScreeningHit[], plan: RunPlan, searched: readonly CandidateIndex[], bands: ScreeningBands): ScreeningOutcome {
    const scope = { searched, origins: plan.origins, versions: plan.current, covers: plan.covers };
    const pass = this.sanctions.screen(scope, found.customer.tenantId, fieldsOf(found.customer, this.#secrets(found)), bands);
    return screeningOutcome(found.customer, kept, pass, this.#now());
  }

  async #save(found: SealedCustomer, outcome: ScreeningOutcome): Promise<void> {
    const before = found.customer;
    const changed: Customer = { ...outcome.customer, updatedAt: this.#now(), version: before.version + 1 };
    await this.transact((trx) => saveChange(trx, changed, found.pii, before.version, SYSTEM, withScreening({ history: [], topics: [] }, outcome)));
  }

  async #reload(customerId: string): Promise<{ found: SealedCustomer; kept: ScreeningHit[] } | undefined> {
    const found = await findSealedCustomer(this.db, customerId);
    return found && { found, kept: await listHitsOfCustomer(this.db, customerId) };
  }

  #secrets(found: SealedCustomer): CustomerSecrets {
    if (found.dataKey === undefined) return {};
    return this.vault.open(found.customer.id, { ciphertext: found.pii, wrappedKey: found.dataKey });
  }

  #now(): string {
    return this.clock.now().toISOString();
  }
}

