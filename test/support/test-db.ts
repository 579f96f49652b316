import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The PostgreSQL server tests run against, if any (a database is created per test file). */
export const POSTGRES_TEST_URL = process.env.VERITY_TEST_DATABASE_URL || undefined;
export const ENGINE = POSTGRES_TEST_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  /** DATABASE_URL for the server under test: empty for SQLite (the file in dataDir). */
  readonly databaseUrl: string;
  readonly dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database and data directory for one test file: a SQLite file in a temp dir, or
 * a new PostgreSQL database when VERITY_TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `verity-${label}-`));
  if (!POSTGRES_TEST_URL) {
    return { databaseUrl: '', dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `verity_t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin(POSTGRES_TEST_URL, `create database ${name}`);
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      await untilDisconnected(POSTGRES_TEST_URL, name);
      await admin(POSTGRES_TEST_URL, `drop database if exists ${name} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A closed pg pool reports itself closed before its connections are gone; dropping the database
 * with force then kills a connection mid-close, which surfaces as an uncaught error. Wait a little.
 */
async function untilDisconnected(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [database]);
      if ((rows[0] as { n: number }).n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  } finally {
    await client.end();
  }
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
