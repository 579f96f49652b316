// The document-reading bench: generates a labelled set of synthetic passports (TD3) and ID cards
// (TD1) in three conditions (clean, photo-like, hard), reads each with one MrzOcr worker, and
// prints per condition and format how many read fully valid, how many with every compared field
// right, the silent errors (check digits hold but a value is wrong), time per image, the worker's
// start-up and the process's memory afterwards. Run after `npm run build`.
//
// DOCUMENT_BENCH_PER=n documents per condition and format (10 by default; 2 when BENCH_CUSTOMERS
// is set, as in CI's smoke run).
import { MrzOcr } from '../dist/adapters/document-reading/mrz-ocr.js';
import { randomDocumentFields, syntheticDocument } from './lib/synthetic-documents.mjs';

const PER = Number(process.env.DOCUMENT_BENCH_PER ?? (process.env.BENCH_CUSTOMERS ? 2 : 10));
const CONDITIONS = ['clean', 'photo', 'hard'];
const FORMATS = ['TD3', 'TD1'];
/** Shares of fully valid readings to meet; hard has none (it shows where reading gives out). */
const VALID_TARGETS = { clean: 0.95, photo: 0.8 };
const P50_TARGET_MS = 1500;
const TODAY = new Date();

const compared = (fields) => ({
  surname: fields.surname.toUpperCase().replace(/[^A-Z]+/g, ' ').trim(),
  givenNames: fields.givenNames.toUpperCase().replace(/[^A-Z]+/g, ' ').trim(),
  documentNumber: fields.documentNumber,
  dateOfBirth: fields.dateOfBirth,
  expirationDate: fields.expirationDate,
  issuingState: fields.issuingState,
});

function wrongFields(reading, fields) {
  const expected = compared(fields);
  if (!reading) return Object.keys(expected);
  return Object.entries(expected).filter(([key, value]) => reading.fields[key] !== value).map(([key]) => key);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const pct = (n, total) => `${((100 * n) / total).toFixed(0)} %`;

const ocr = new MrzOcr();
const startedAt = performance.now();
// The first read starts the worker: time it on a blank image so the per-image times are reads alone.
await ocr.read(await syntheticDocument({ format: 'TD3', fields: randomDocumentFields(0), condition: 'clean', seed: 0 }));
const startup = performance.now() - startedAt;

const rows = [];
const allTimes = [];
let seed = 1;
for (const condition of CONDITIONS) {
  for (const format of FORMATS) {
    const times = [];
    let valid = 0;
    let allRight = 0;
    let silent = 0;
    let falseExpiries = 0;
    const misses = [];
    for (let i = 0; i < PER; i++) {
      const fields = randomDocumentFields(seed * 7919);
      if (format === 'TD1') fields.documentCode = 'I';
      const image = await syntheticDocument({ format, fields, condition, seed });
      seed++;
      const t0 = performance.now();
      const reading = await ocr.read(image, TODAY);
      times.push(performance.now() - t0);
      const wrong = wrongFields(reading, fields);
      if (reading?.valid) valid++;
      if (wrong.length === 0) allRight++;
      if (reading?.valid && wrong.some((key) => key !== 'surname' && key !== 'givenNames')) silent++;
      // The one automatic outcome: a valid zone showing an expiry in the past fails the document.
      // Every document here is valid for years: a valid zone read as expired would fail one wrongly.
      if (reading?.valid && reading.fields.expirationDate !== null && reading.fields.expirationDate < TODAY.toISOString().slice(0, 10)) falseExpiries++;
      if (wrong.length > 0) misses.push(`${fields.documentNumber}: ${wrong.join(', ')}${reading ? (reading.valid ? ' (valid)' : '') : ' (no zone)'}`);
    }
    times.sort((a, b) => a - b);
    allTimes.push(...times);
    rows.push({ condition, format, valid, allRight, silent, falseExpiries, p50: percentile(times, 0.5), p95: percentile(times, 0.95), misses });
  }
}
const rss = process.memoryUsage().rss;
await ocr.close();

console.log(`Document reading: ${ocr.engine}; ${PER} synthetic documents per condition and format.`);
console.log('condition  format  fully valid  all fields right  silent errors  wrongly expired  p50 ms  p95 ms  target');
for (const row of rows) {
  const target = VALID_TARGETS[row.condition];
  const verdict = target === undefined ? '-' : `${row.valid / PER >= target ? 'PASS' : 'MISS'} (valid ≥ ${target * 100} %)`;
  console.log(
    [row.condition.padEnd(9), row.format.padEnd(6), pct(row.valid, PER).padStart(11), pct(row.allRight, PER).padStart(16), String(row.silent).padStart(13), String(row.falseExpiries).padStart(15), row.p50.toFixed(0).padStart(6), row.p95.toFixed(0).padStart(6), verdict].join('  '),
  );
}
const wronglyExpired = rows.reduce((sum, row) => sum + row.falseExpiries, 0);
console.log(`Automatic failures a misread would cause (valid zone read as expired): ${wronglyExpired} — ${wronglyExpired === 0 ? 'PASS' : 'MISS'} (target 0)`);
allTimes.sort((a, b) => a - b);
const p50 = percentile(allTimes, 0.5);
console.log(`All images: p50 ${p50.toFixed(0)} ms, p95 ${percentile(allTimes, 0.95).toFixed(0)} ms — ${p50 <= P50_TARGET_MS ? 'PASS' : 'MISS'} (p50 ≤ ${P50_TARGET_MS} ms)`);
console.log(`Worker start-up (with the first read): ${startup.toFixed(0)} ms; process RSS after: ${(rss / 1048576).toFixed(0)} MB`);
if (process.env.DOCUMENT_BENCH_VERBOSE) for (const row of rows) for (const miss of row.misses) console.log(`  ${row.condition} ${row.format} ${miss}`);
