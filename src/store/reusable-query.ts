import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A query built and compiled once per SQL dialect, then run with new parameters. Building and
 * compiling a Kysely query costs more than running a primary-key lookup on SQLite, so the hottest
 * reads skip it. `build` must use its parameters in the order they are passed at run time.
 */
export function reusableQuery<Row, Params extends readonly unknown[]>(
  build: (db: Db, ...params: Params) => { compile(): CompiledQuery<Row> },
  placeholders: Params,
) {
  const compiled = new Map<unknown, CompiledQuery<Row>>();
  return async (db: Db, ...params: Params): Promise<Row[]> => {
    const dialect = db.getExecutor().adapter.constructor;
    let query = compiled.get(dialect);
    if (query === undefined) {
      query = build(db, ...placeholders).compile();
      compiled.set(dialect, query);
    }
    const result = await db.executeQuery<Row>({ ...query, parameters: params });
    return result.rows;
  };
}
