// Runs every test file (unit tests beside the code in src/, integration tests in test/) with
// Node's test runner. The engine is SQLite unless VERITY_TEST_DATABASE_URL names a PostgreSQL server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanLogs } from './scan-test-logs.mjs';

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = [...testFiles('src'), ...testFiles('test')].sort();
const filter = process.argv.slice(2);
const selected = filter.length > 0 ? files.filter((f) => filter.some((part) => f.includes(part))) : files;

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
