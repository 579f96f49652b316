import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { createPrivateFile } from '../kit/data-directory.js';
import { InsufficientStorageError, ServiceUnavailableError } from '../domain/errors.js';
import type { Database } from './database.js';
import { failureReason } from '../kit/failures.js';
import { type EngineCapabilities, POSTGRES_CAPABILITIES, SQLITE_CAPABILITIES } from './capabilities.js';
import { type DirectSqlite, registerDirectSqlite } from './reusable-query.js';
import { INLINE_CHECKPOINT_PAGES, SqliteCheckpointer } from './sqlite-checkpointer.js';
import { groupedSqliteTransactions, OutboxBell, separateTransactions, type Transact } from './transactions.js';

/** An open database: the Kysely handle plus what differs between the two engines. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: DatabaseConfig['engine'];
  /** What this engine can do that the other cannot. */
  readonly capabilities: EngineCapabilities;
  /**
   * Runs short, database-only units of work in a transaction each, grouped into shared commits on
   * SQLite. A unit must not wait on anything but the database, or it holds the others back.
   */
  readonly transact: Transact;
  /** Rings after a commit that queued webhook deliveries. */
  readonly outbox: OutboxBell;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /** Throws InsufficientStorageError when the database has no room for more rows. */
  checkRoom(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Where trouble nobody waits for is reported (a PostgreSQL connection lost while idle). */
  readonly log?: (message: string) => void;
}

const TIMESTAMPTZ_OID = 1184;

export function openStore(config: DatabaseConfig, options: StoreOptions = {}): Store {
  const sqlite = config.engine === 'sqlite' ? openSqlite(config.path) : undefined;
  const db = sqlite
    ? new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
    : new Kysely<Database>({ dialect: new PostgresDialect({ pool: openPool((config as { url: string }).url, options.log ?? (() => {})) }) });
  if (sqlite) registerDirectSqlite(db, sqlite);
  // After openSqlite, which creates the file and switches it to WAL.
  const checkpointer = config.engine === 'sqlite' ? new SqliteCheckpointer(config.path) : undefined;
  const outbox = new OutboxBell();
  return {
    db,
    engine: config.engine,
    capabilities: sqlite ? SQLITE_CAPABILITIES : POSTGRES_CAPABILITIES,
    transact: sqlite ? groupedSqliteTransactions(db, sqlite, outbox) : separateTransactions(db, outbox),
    outbox,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async checkRoom() {
      // PostgreSQL's own disk is its server's to watch; a full one answers 507 (SQLSTATE 53100).
      if (config.engine === 'sqlite') await checkSqliteRoom(db);
    },
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

function openSqlite(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // SQLite gives the -wal and -shm files it makes the database file's mode: 0600 from the start.
  createPrivateFile(file);
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  // NORMAL keeps every commit across a process crash (kill -9); only an OS crash can lose the last ones.
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
  // A 64 MiB page cache and memory-mapped reads: point lookups in a large customers table then
  // cost no system calls.
  database.pragma('cache_size = -65536');
  database.pragma('mmap_size = 268435456');
  return withStatementCache(database);
}

/** Fewer free pages than this (256 KiB at SQLite's 4 KiB pages) and the next writes may not fit. */
const MIN_FREE_PAGES = 64;

/**
 * The database file may grow to `max_page_count` pages (an operator's limit, or SQLite's own);
 * pages freed by deletes are used again first. A full disk is seen by the data directory's check.
 */
async function checkSqliteRoom(db: Kysely<Database>): Promise<void> {
  const pragma = async (name: string) => {
    const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db);
    return Number(Object.values(rows[0] ?? {})[0] ?? 0);
  };
  const room = (await pragma('max_page_count')) - (await pragma('page_count')) + (await pragma('freelist_count'));
  if (room < MIN_FREE_PAGES) throw new InsufficientStorageError('The database is full: it has reached its size limit.');
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing costs
 * about as much as running a point query. Keeping the most recent ones roughly doubles read speed.
 * Every statement runs through `prepare`, so it is also where writes are noticed (for cached reads).
 */
function withStatementCache(database: SqliteDatabase.Database, size = 500): DirectSqlite {
  const cache = new Map<string, { statement: SqliteDatabase.Statement; writes: boolean }>();
  const dataVersion = database.prepare('pragma data_version').pluck();
  let generation = 0;
  let seenVersion: unknown;
  let versionCheckedAt = -Infinity;
  return {
    close: () => database.close(),
    inTransaction: () => database.inTransaction,
    prepare(query: string) {
      let entry = cache.get(query);
      if (entry === undefined) {
        const statement = database.prepare(query);
        // Anything but a plain SELECT may write (INSERT … RETURNING reads too; BEGIN, COMMIT…).
        entry = { statement, writes: !(statement.reader && /^\s*select\b/i.test(query)) };
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        cache.set(query, entry);
      }
      if (entry.writes) generation++;
      return entry.statement;
    },
    readGeneration() {
      // Another connection's commit shows in data_version; asking costs about a point read, so
      // ask at most once a millisecond.
      const now = performance.now();
      if (now - versionCheckedAt >= EXTERNAL_CHANGE_CHECK_MS) {
        versionCheckedAt = now;
        const version = dataVersion.get();
        if (version !== seenVersion) {
          seenVersion = version;
          generation++;
        }
      }
      return generation;
    },
  };
}

/** How stale a cached read may be after another process commits. */
const EXTERNAL_CHANGE_CHECK_MS = 1;

/**
 * The PostgreSQL pool, made to outlive the database going away (a restart, a failover, a pooler
 * restart, a terminated backend, a session timeout). node-postgres emits an `error` event when a
 * connection ends under it, idle in the pool or checked out between two queries, and an `error`
 * event nobody listens to ends the process. Here each is logged and the connection dropped: the
 * pool opens a new one for the next query, and a query that was on the lost connection fails
 * (its request answers 503). Failing to open a connection is the database being unavailable too.
 */
function openPool(url: string, log: (message: string) => void) {
  const pool = newPool(url);
  const logged = new WeakSet<object>();
  const report = (error: Error) => {
    if (logged.has(error)) return;
    logged.add(error);
    log(`Lost a PostgreSQL connection (${failureReason(error)}); it is replaced when next needed.`);
  };
  pool.on('connect', (client) => client.on('error', report));
  // The client's own listener has reported it already; this one keeps the pool's re-emit harmless.
  pool.on('error', report);
  return {
    async connect() {
      try {
        return await pool.connect();
      } catch (error) {
        throw new ServiceUnavailableError('The database is not reachable right now; try again later.', { cause: error });
      }
    },
    end: () => pool.end(),
  };
}

function newPool(url: string) {
  return new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        // Same value on both engines: ISO-8601 strings, as SQLite stores them.
        if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
        return pg.types.getTypeParser(oid, format as 'text');
      },
    } as pg.CustomTypesConfig,
  });
}
