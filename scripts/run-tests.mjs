// Runs every test file (unit tests beside the code in src/, integration tests in test/) with
// Node's test runner. The engine is SQLite unless VERITY_TEST_DATABASE_URL names a PostgreSQL server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanLogs } from './scan-test-logs.mjs';
import { TIERS } from './test-tiers.mjs';

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = [...testFiles('src'), ...testFiles('test')].sort();
// `--tier unit|slow` picks a rung of the ladder (scripts/test-tiers.mjs); other arguments pick
// the files whose path contains any of them.
const args = process.argv.slice(2);
const tierAt = args.indexOf('--tier');
const tier = tierAt >= 0 ? args[tierAt + 1] : undefined;
if (tier !== undefined && !Object.hasOwn(TIERS, tier)) {
  console.error(`Unknown tier "${tier}": use ${Object.keys(TIERS).join(' or ')}.`);
  process.exit(2);
}
const filter = tierAt >= 0 ? args.filter((_, i) => i !== tierAt && i !== tierAt + 1) : args;
const inTier = tier === undefined ? files : files.filter(TIERS[tier]);
const selected = filter.length > 0 ? inTier.filter((f) => filter.some((part) => f.includes(part))) : inTier;

if (process.env.VERITY_TEST_DATABASE_URL) {
  console.log('Database engine under test: PostgreSQL (VERITY_TEST_DATABASE_URL)');
} else {
  console.log('Database engine under test: SQLite.');
  console.log('PostgreSQL suite skipped: set VERITY_TEST_DATABASE_URL=postgres://… to run the same tests on PostgreSQL.');
}

// Every test app logs at debug level into this folder; afterwards the logs are searched for
// anything sensitive the tests sent (scripts/scan-test-logs.mjs).
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-test-logs-'));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...selected],
  { stdio: 'inherit', env: { ...process.env, VERITY_TEST_LOG_DIR: logDir } },
);
const scan = scanLogs(logDir);
console.log(`Log scan: ${scan.files} log file(s), ${scan.bytes} bytes searched for ${scan.literals} test literals and secret shapes.`);
for (const finding of scan.findings) console.error(`LEAK: ${finding}`);
fs.rmSync(logDir, { recursive: true, force: true });
process.exit(scan.findings.length > 0 ? 1 : (result.status ?? 1));
