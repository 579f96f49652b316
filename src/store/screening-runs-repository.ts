import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ScreeningRun } from '../domain/screening/screening-run.js';
import type { ListVersionRef } from '../domain/screening/customer-screening.js';
import type { Database, ScreeningRunsTable } from './database.js';
import { isUniqueViolation } from './errors.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Records a run as started; false when a run with this id exists (another node took the slot). */
export async function startRun(db: Db, run: ScreeningRun): Promise<boolean> {
  try {
    await db.insertInto('screening_runs').values(toRow(run)).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function finishRun(db: Db, run: ScreeningRun): Promise<void> {
  const { id, ...changes } = toRow(run);
  await db.updateTable('screening_runs').set(changes).where('id', '=', id).execute();
}

/** The newest runs first. */
export async function listRuns(db: Db, limit: number): Promise<ScreeningRun[]> {
  const rows = await db.selectFrom('screening_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(rowToRun);
}

/** The newest run that screened every customer against every list (on demand or scheduled) and finished. */
export async function lastCompletedFullRun(db: Db): Promise<ScreeningRun | undefined> {
  const row = await db
    .selectFrom('screening_runs')
    .selectAll()
    .where('state', '=', 'done')
    .where('kind', 'in', ['full', 'scheduled'])
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && rowToRun(row);
}

/** When the newest full run (on demand or scheduled) started. */
export async function lastFullRunStart(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('screening_runs').select('started_at').where('kind', 'in', ['full', 'scheduled']).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return row?.started_at;
}

function toRow(run: ScreeningRun) {
  return {
    id: run.id,
    kind: run.kind,
    lists: JSON.stringify(run.lists),
    started_at: run.startedAt,
    finished_at: run.finishedAt ?? null,
    state: run.state,
    screened: run.screened,
    entries: run.entries,
    hits: run.hits,
    alerts: run.alerts,
    error: run.error ?? null,
  };
}

function rowToRun(row: Selectable<ScreeningRunsTable>): ScreeningRun {
  return {
    id: row.id,
    kind: row.kind as ScreeningRun['kind'],
    lists: JSON.parse(row.lists) as ListVersionRef[],
    startedAt: row.started_at,
    ...(row.finished_at !== null && { finishedAt: row.finished_at }),
    state: row.state as ScreeningRun['state'],
    screened: Number(row.screened),
    entries: Number(row.entries),
    hits: Number(row.hits),
    alerts: Number(row.alerts),
    ...(row.error !== null && { error: row.error }),
  };
}
