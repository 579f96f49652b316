import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// `verity lists` and `verity screening` on a real database: every official format imports from its
// fixture (fictional entries), a broken file is refused, a rescreen is recorded.

const FIXTURES = path.join(import.meta.dirname, '../fixtures/lists');
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase('lists-cli');
});
after(() => db.drop());

async function verity(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    output: { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
    env: { VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent' },
    readPassword: async () => '',
  });
  return { code, stdout, stderr };
}

describe('verity lists and verity screening', () => {
  test('each official format imports from its file, as a version with its digest', async () => {
    const imports: Array<[string, string[]]> = [
      ['ofac-sdn', ['ofac/sdn.csv', 'ofac/add.csv', 'ofac/alt.csv']],
      ['eu-fsf', ['eu/xmlFullSanctionsList_1_1.xml']],
      ['un', ['un/consolidated.xml']],
      ['uk', ['uk/UK-Sanctions-List.xml']],
      ['opensanctions', ['opensanctions/entities.ftm.json']],
    ];
    for (const [source, files] of imports) {
      const result = await verity(['lists', 'import', '--source', source, ...files.map((file) => path.join(FIXTURES, file))]);
      assert.equal(result.code, 0, `${source}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`Imported ${source} version 1: \\d+ entries`));
    }
    const listed = await verity(['lists', 'list']);
    assert.equal(listed.code, 0);
    for (const [source] of imports) assert.match(listed.stdout, new RegExp(`^${source}\\s+v1 `, 'm'));
  });

  test('the OFAC XML replaces the CSV import as version 2 of the same list', async () => {
    const result = await verity(['lists', 'import', '--source', 'ofac-sdn', path.join(FIXTURES, 'ofac/SDN.xml')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Imported ofac-sdn version 2/);
  });

  test('a file that does not fit is refused with its name, and nothing is imported', async () => {
    const result = await verity(['lists', 'import', '--source', 'un', path.join(FIXTURES, 'ofac/sdn.csv')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /sdn\.csv/);
    const usage = await verity(['lists', 'import', '--source', 'nope', 'x']);
    assert.equal(usage.code, 2);
    const csvWithoutTenant = await verity(['lists', 'import', '--source', 'csv', path.join(FIXTURES, 'blocklist.csv')]);
    assert.equal(csvWithoutTenant.code, 1);
    assert.match(csvWithoutTenant.stderr, /tenant/);
  });

  test('a full rescreen is recorded as a run', async () => {
    const run = await verity(['screening', 'rescreen']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Rescreen \(full\) done/);
    const runs = await verity(['screening', 'runs', '--json']);
    const parsed = JSON.parse(runs.stdout) as Array<{ kind: string; state: string }>;
    assert.equal(parsed[0]?.kind, 'full');
  });
});
