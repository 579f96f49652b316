import type { CompiledQuery, Kysely, SqliteDatabase, Transaction } from 'kysely';
import type { Database } from './database.js';
import { type MaybeShared, type Shared, shareCached } from '../kit/shared.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The embedded SQLite database as connect.ts opens it: statements cached, transaction state visible. */
export interface DirectSqlite extends SqliteDatabase {
  inTransaction(): boolean;
  /**
   * A number that changes whenever the data may have changed: at once for every write statement
   * of this connection, and within a millisecond of a commit by another connection (the CLI,
   * another process). Cached reads are good while it stays the same.
   */
  readGeneration(): number;
}

/** Cached rows of one reusable query, all read at one generation. */
interface ReadCache<Row> {
  generation: number;
  readonly rows: Map<string, Shared<ReadonlyArray<Shared<Row>>>>;
}

/** Distinct parameter lists a cached query remembers; beyond it the cache starts over. */
const READ_CACHE_ENTRIES = 50_000;

const directSqlite = new WeakMap<object, DirectSqlite>();
/** Open transactions whose statements may run directly: they own the one SQLite connection. */
const directTransactions = new WeakMap<object, DirectSqlite>();

/** Lets reusable queries on this Kysely instance run straight on its SQLite connection. */
export function registerDirectSqlite(db: Kysely<Database>, sqlite: DirectSqlite): void {
  directSqlite.set(db, sqlite);
}

/**
 * Lets reusable queries inside this open transaction on the embedded database run straight on the
 * connection: the transaction holds it, so its statements and direct ones are the same thing.
 */
export function runsDirectly(trx: Transaction<Database>, sqlite: DirectSqlite): void {
  directTransactions.set(trx, sqlite);
}

/**
 * A query built and compiled once per SQL dialect, then run with new parameters. Building and
 * compiling a Kysely query costs more than running a primary-key lookup on SQLite, so the hottest
 * queries skip it. `build` must use its parameters in the order they are passed at run time, and
 * no other values (write constants as SQL literals).
 *
 * On the embedded SQLite database, outside any transaction, the statement also runs directly and
 * synchronously on the connection instead of queueing for it: with no transaction open there is
 * nothing uncommitted to see, and a synchronous call cannot interleave with one. So do the
 * statements of a transaction registered with `runsDirectly`. Inside any other transaction, or
 * while one is open, it takes Kysely's ordinary path.
 */
export function reusableQuery<Row, Params extends readonly unknown[]>(
  build: (db: Db, ...params: Params) => { compile(): CompiledQuery<Row> },
  placeholders: Params,
  options: { cached: true },
): (db: Db, ...params: Params) => Promise<ReadonlyArray<MaybeShared<Row>>>;
export function reusableQuery<Row, Params extends readonly unknown[]>(
  build: (db: Db, ...params: Params) => { compile(): CompiledQuery<Row> },
  placeholders: Params,
  options?: { cached?: false },
): (db: Db, ...params: Params) => Promise<Row[]>;
export function reusableQuery<Row, Params extends readonly unknown[]>(
  build: (db: Db, ...params: Params) => { compile(): CompiledQuery<Row> },
  placeholders: Params,
  options: { cached?: boolean } = {},
): (db: Db, ...params: Params) => Promise<ReadonlyArray<MaybeShared<Row>>> {
  const compiled = new Map<unknown, CompiledQuery<Row>>();
  // Hot reads that clients poll (statuses, customers) answer from memory on the embedded database
  // until anything is written. Any write at all clears it, which keeps it obviously correct; the
  // rows are shared (kit/shared.ts says what that means for their callers).
  const cache: ReadCache<Row> | undefined = options.cached ? { generation: -1, rows: new Map() } : undefined;
  return async (db: Db, ...params: Params): Promise<ReadonlyArray<MaybeShared<Row>>> => {
    const dialect = db.getExecutor().adapter.constructor;
    let query = compiled.get(dialect);
    if (query === undefined) {
      query = build(db, ...placeholders).compile();
      if (query.parameters.length !== placeholders.length) {
        throw new Error(`A reusable query must bind exactly its ${placeholders.length} parameters (write constants as SQL literals): ${query.sql}`);
      }
      compiled.set(dialect, query);
    }
    const owner = directTransactions.get(db);
    const sqlite = owner ?? directSqlite.get(db);
    if (sqlite && (owner || !sqlite.inTransaction())) {
      const statement = sqlite.prepare(query.sql);
      if (cache && !owner && statement.reader) return cachedRead(cache, sqlite, statement, params);
      if (statement.reader) return statement.all(params) as Row[];
      statement.run(params);
      return [];
    }
    const result = await db.executeQuery<Row>({ ...query, parameters: params });
    return result.rows;
  };
}

/** Runs synchronously start to end, so no write can fall between the generation check and the read. */
function cachedRead<Row>(cache: ReadCache<Row>, sqlite: DirectSqlite, statement: ReturnType<DirectSqlite['prepare']>, params: readonly unknown[]): Shared<ReadonlyArray<Shared<Row>>> {
  const generation = sqlite.readGeneration();
  if (cache.generation !== generation) {
    cache.rows.clear();
    cache.generation = generation;
  }
  // Hot queries take one or two parameters: joined by hand, which costs a fraction of Array.join.
  const key = params.length === 1 ? String(params[0]) : params.length === 2 ? `${params[0]}\u0000${params[1]}` : params.join('\u0000');
  let rows = cache.rows.get(key);
  if (rows === undefined) {
    // Every later caller gets these very objects: the one place shared values are made.
    rows = shareCached((statement.all(params) as Row[]).map((row) => shareCached(row as Row & object) as Shared<Row>));
    if (cache.rows.size >= READ_CACHE_ENTRIES) cache.rows.clear();
    cache.rows.set(key, rows);
  }
  return rows;
}


/**
 * A multi-row INSERT into `table` of `columns`, compiled once per row count (reusableQuery): the
 * rows a change writes together cost one statement instead of one each.
 */
export function reusableInsert<Table extends keyof Database & string>(table: Table, columns: ReadonlyArray<keyof Database[Table] & string>) {
  const byRowCount = new Map<number, (db: Db, ...values: unknown[]) => Promise<unknown[]>>();
  return async (db: Db, rows: ReadonlyArray<readonly unknown[]>): Promise<void> => {
    if (rows.length === 0) return;
    let insert = byRowCount.get(rows.length);
    if (insert === undefined) {
      insert = reusableQuery(
        (db, ...values: unknown[]) =>
          db.insertInto(table).values(
            rows.map((_, r) => Object.fromEntries(columns.map((column, c) => [column, values[r * columns.length + c]]))) as never,
          ),
        new Array<unknown>(rows.length * columns.length).fill(null),
      );
      byRowCount.set(rows.length, insert);
    }
    await insert(db, ...rows.flat());
  };
}
