// The PostgreSQL series' database: created fresh on BENCH_POSTGRES_URL for every run, dropped at
// the end (also on Ctrl-C and failures).
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 3000;

/**
 * Creates `verity_bench_<milliseconds since 1970>` on the server `adminUrl` points at. Answers
 * `{ name, url, drop() }`, or `{ skipped }` with the reason: the URL is not a postgres:// URL,
 * the server is not reachable, or it refuses to create a database.
 */
export async function createDatabase(adminUrl) {
  let url;
  try {
    url = new URL(adminUrl);
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('not a postgres:// URL');
  } catch (error) {
    return { skipped: `BENCH_POSTGRES_URL is not a valid postgres:// URL (${error.message})` };
  }
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    return { skipped: `${redactedUrl(adminUrl)} is not reachable (${error.message || error.code || error})` };
  }
  const name = `verity_bench_${Date.now()}`;
  try {
    await client.query(`create database ${name}`);
  } catch (error) {
    return { skipped: `could not create a database on ${redactedUrl(adminUrl)} (${error.message})` };
  } finally {
    await client.end().catch(() => {});
  }
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

async function dropDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    try {
      await client.query(`drop database if exists ${name} with (force)`);
    } catch {
      // Before PostgreSQL 13 there is no FORCE: end the remaining sessions first.
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await client.query(`drop database if exists ${name}`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL without its password, for printing. */
export function redactedUrl(raw) {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
}
