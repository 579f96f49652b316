import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { type EngineCapabilities, POSTGRES_CAPABILITIES, SQLITE_CAPABILITIES } from '../../../src/store/capabilities.js';
import { openStore, type Store } from '../../../src/store/connect.js';
import { migrateToLatest } from '../../../src/store/migrator.js';
import { POSTGRES_TEST_URL, createTestDatabase } from '../../support/test-db.js';

// The repository contract suite: one suite body per repository, run on SQLite always and on
// PostgreSQL too when VERITY_TEST_DATABASE_URL names a server. What the engines may do
// differently is asked of their capabilities (src/store/capabilities.ts), never of their name.

export type EngineName = 'sqlite' | 'postgres';

export const ENGINES: readonly EngineName[] = POSTGRES_TEST_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const CAPABILITIES: Readonly<Record<EngineName, EngineCapabilities>> = { sqlite: SQLITE_CAPABILITIES, postgres: POSTGRES_CAPABILITIES };

/** A migrated, empty store on `engine`, and how to throw it away. */
async function openFresh(engine: EngineName, label: string): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `verity-contract-${label}-`));
    const store = openStore({ engine: 'sqlite', path: path.join(dir, 'verity.db') });
    await migrateToLatest(store.db);
    return {
      store,
      drop: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase(`contract_${label}`);
  const store = openStore({ engine: 'postgres', url: database.databaseUrl });
  await migrateToLatest(store.db);
  return {
    store,
    drop: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/** What a suite body gets: the engine under test and its open store (valid inside tests). */
export interface EngineContext {
  readonly engine: EngineName;
  readonly capabilities: EngineCapabilities;
  store(): Store;
}

/** Runs `body` once per engine under test, each on a fresh database of its own. */
export function forEachEngine(name: string, body: (context: EngineContext) => void): void {
  for (const engine of ENGINES) {
    describe(`${name} (${engine})`, () => {
      let opened: Awaited<ReturnType<typeof openFresh>> | undefined;
      before(async () => {
        opened = await openFresh(engine, name.replace(/\W+/g, '_').slice(0, 20));
      });
      after(async () => {
        await opened?.drop();
      });
      body({
        engine,
        capabilities: CAPABILITIES[engine],
        store: () => {
          if (!opened) throw new Error('The store opens before the first test.');
          return opened.store;
        },
      });
    });
  }
}

/** A time `ms` milliseconds after 2026-12-01T00:00:00Z, as stored (ISO-8601 with milliseconds). */
export function at(ms: number): string {
  return new Date(Date.UTC(2026, 11, 1) + ms).toISOString();
}

export const newId = (): string => randomUUID();

/** A promise and the functions that settle it, to hold a transaction open while another runs. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
