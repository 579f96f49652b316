// The test ladder. `unit`: tests beside the code that touch no database, file, network or child
// process (seconds, run them on every save). `slow`: the long hardening and browser runs. The
// whole suite (`npm test`, what CI runs) is every tier together.

/** Tests beside the code that do I/O: a database, the file system, a socket or an image decoder. */
const BESIDE_THE_CODE_WITH_IO = [
  'src/adapters/blobs/',
  'src/adapters/image-inspection/image-checks.test.ts',
  'src/adapters/notifications/',
  'src/services/access/refresh-tokens.test.ts',
  'src/store/reusable-query.test.ts',
  'src/store/transactions.test.ts',
  'src/adapters/webhook-sender/sender.test.ts',
  'src/adapters/identity-provider/http-identity-provider.test.ts',
  'src/adapters/sanctions-lists/ofac-csv.test.ts',
  'src/adapters/sanctions-lists/csv-blocklist.test.ts',
  'src/adapters/sanctions-lists/ofac-xml.test.ts',
  'src/adapters/sanctions-lists/eu-fsf.test.ts',
  'src/adapters/sanctions-lists/un.test.ts',
  'src/adapters/sanctions-lists/uk.test.ts',
  'src/adapters/sanctions-lists/opensanctions.test.ts',
];

/** The long runs: crash recovery, fuzzing, memory bounds, outages and a real browser. */
const SLOW = [
  'test/hardening/crash-safety.test.ts',
  'test/hardening/fuzz.test.ts',
  'test/hardening/memory-bound.test.ts',
  'test/server/database-outage.test.ts',
  'test/console/browser.test.ts',
  'test/console/browser-layout.test.ts',
];

export const TIERS = {
  unit: (file) => file.startsWith('src/') && !BESIDE_THE_CODE_WITH_IO.some((prefix) => file.startsWith(prefix)),
  slow: (file) => SLOW.includes(file),
};
