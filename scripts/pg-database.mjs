// Creates or drops a PostgreSQL database: node scripts/pg-database.mjs create|drop NAME [SERVER_URL]
// Used by CI to give each run a fresh database.
import pg from 'pg';

const [action, name, serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres'] = process.argv.slice(2);
if (!['create', 'drop'].includes(action) || !/^[a-z_][a-z0-9_]{0,62}$/.test(name ?? '')) {
  console.error('usage: node scripts/pg-database.mjs create|drop NAME [SERVER_URL]');
  process.exit(2);
}
const client = new pg.Client({ connectionString: serverUrl });
await client.connect();
try {
  await client.query(action === 'create' ? `create database ${name}` : `drop database if exists ${name} with (force)`);
} finally {
  await client.end();
}
