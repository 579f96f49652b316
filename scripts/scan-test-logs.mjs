// Scans the logs every test app wrote during a test run (run-tests.mjs sets VERITY_TEST_LOG_DIR)
// for what must never be logged: full SSNs, dates of birth and passwords that the tests send
// (read from the test sources), and anything shaped like a secret, a token or document bytes.
// Exits 1 and names each finding (never the whole value) when any is found.
import fs from 'node:fs';
import path from 'node:path';

const SHAPES = [
  ['access token (JWT)', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/],
  ['tenant secret', /\bvs_[\w-]{30,}/],
  ['refresh token', /\bvrt_[\w-]{30,}/],
  ['console password', /\bvp_[\w-]{20,}/],
  ['webhook secret', /\bwhsec_[A-Za-z0-9+/=]{20,}/],
  ['JPEG bytes (base64)', /\/9j\/4[A-Za-z0-9+/]{20,}/],
  ['PNG bytes (base64)', /iVBORw0KGgo[A-Za-z0-9+/]{10,}/],
  ['PDF bytes (base64)', /JVBERi0[A-Za-z0-9+/]{10,}/],
  ['PDF bytes', /%PDF-\d/],
  // JPEG and PNG signatures, built from their bytes (a pattern with control characters in it reads badly).
  ['JPEG bytes', new RegExp(String.fromCharCode(0xff, 0xd8, 0xff))],
  ['PNG bytes', new RegExp(`${String.fromCharCode(0x89)}PNG${String.fromCharCode(0x0d, 0x0a)}`)],
];

function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The sensitive literals the tests send: full SSNs, dates of birth, passwords. */
function literalsFromTests() {
  const found = new Map();
  const patterns = [
    ['SSN', /\bssn['"]?\s*:\s*['"](\d{3}-?\d{2}-?\d{4})['"]/g],
    ['date of birth', /\b(?:dateOfBirth|dob)['"]?\s*:\s*['"](\d{4}-?\d{2}-?\d{2})['"]/g],
    ['password', /\bpassword['"]?\s*[:=]\s*['"]([^'"`$\s][^'"`$]{9,})['"]/g],
  ];
  for (const file of [...sourceFiles('test'), ...sourceFiles('src')].filter((f) => f.includes('test'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [kind, pattern] of patterns) for (const match of text.matchAll(pattern)) found.set(match[1], kind);
  }
  return found;
}

export function scanLogs(dir) {
  const literals = literalsFromTests();
  const findings = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
  let bytes = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'latin1');
    bytes += text.length;
    for (const [kind, pattern] of SHAPES) if (pattern.test(text)) findings.push(`${kind} in ${path.basename(file)}`);
    for (const [value, kind] of literals) {
      // Whole values only: a 9-digit SSN inside a longer number is not that SSN.
      const whole = new RegExp(`(?<![\\w-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
      if (text.includes(value) && whole.test(text)) findings.push(`${kind} ${value.slice(0, 3)}… in ${path.basename(file)}`);
    }
  }
  return { findings, files: files.length, bytes, literals: literals.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { findings, files, bytes, literals } = scanLogs(process.argv[2]);
  console.log(`Log scan: ${files} log file(s), ${bytes} bytes, ${literals} test literals and ${SHAPES.length} shapes looked for.`);
  for (const finding of findings) console.error(`LEAK: ${finding}`);
  process.exit(findings.length > 0 ? 1 : 0);
}
