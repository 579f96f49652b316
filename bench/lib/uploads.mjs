// Concurrent document uploads: how fast Verity takes in large files, and how much its resident
// memory grows while it does. Each upload is a real PNG of just under the 10 MiB file limit, sent
// as multipart/form-data (documentType, then the file) for a customer of its own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { cpuSnapshot, otherCpuShare, sleep } from './machine.mjs';
import { BenchError } from './servers.mjs';
import { personalCustomer } from './customers.mjs';

/** Verity's file limit (MAX_DOCUMENT_BYTES in src/domain/document/document.ts). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Each file is this much under the limit, so it is accepted whatever the rounding. */
const UNDER_LIMIT_BYTES = 1024;
const RSS_SAMPLE_MS = 50;
/** Bytes at the end of the padding chunk that differ from one upload to the next. */
const UNIQUE_TAIL_BYTES = 32;

const DOCUMENT_CUSTOMER = personalCustomer('document');

// ---------------------------------------------------------------------------------------------
// The file

/**
 * A PNG that passes Verity's quality checks (1000×630, mid-grey noise with shapes on it: neither
 * dark, bright nor blurry), padded to `size` bytes with a private ancillary chunk `vrPd` before
 * IEND. Decoders skip ancillary chunks they do not know, so the image is unchanged. Answers the
 * parts of the file around the padding's last bytes, so that every upload can end its padding
 * differently (see `file(n)`) without copying 10 MiB.
 */
export async function makeUploadImage(size = MAX_DOCUMENT_BYTES - UNDER_LIMIT_BYTES) {
  const { default: sharp } = await import('sharp');
  const width = 1000;
  const height = 630;
  const shapes = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="60" y="60" width="280" height="360" fill="#2a2a2a"/>` +
      `<rect x="400" y="90" width="520" height="40" fill="#f0f0f0"/>` +
      `<rect x="400" y="170" width="420" height="30" fill="#202020"/>` +
      `<rect x="400" y="240" width="460" height="30" fill="#e8e8e8"/>` +
      `<circle cx="200" cy="240" r="90" fill="#d8d8d8"/>` +
      `<polygon points="420,560 620,380 820,560" fill="#1c1c1c"/>` +
      `</svg>`,
  );
  const png = await sharp({ create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .composite([{ input: shapes }])
    .png({ compressionLevel: 6 })
    .toBuffer();

  // The last chunk of a PNG is IEND: 4 bytes length (0), 'IEND', 4 bytes CRC.
  const iend = png.subarray(png.length - 12);
  if (iend.toString('latin1', 4, 8) !== 'IEND') throw new BenchError('sharp wrote a PNG that does not end with IEND.');
  const body = png.subarray(0, png.length - 12);
  const dataLength = size - png.length - 12; // the chunk's length, type and CRC take 12 bytes
  if (dataLength < UNIQUE_TAIL_BYTES) throw new BenchError(`The upload image is already ${png.length} bytes, more than the ${size} wanted.`);

  const header = Buffer.alloc(8);
  header.writeUInt32BE(dataLength, 0);
  header.write('vrPd', 4, 'latin1'); // ancillary, private, reserved bit clear, safe to copy
  const padding = crypto.randomBytes(dataLength - UNIQUE_TAIL_BYTES);
  // CRC over the chunk type and data; the shared part once, continued per upload with its tail.
  const sharedCrc = crc32(padding, crc32(header.subarray(4)));
  return {
    size,
    imageBytes: png.length,
    /** The parts of upload n's file, in order; only the last two are its own. */
    file(n) {
      const tail = Buffer.alloc(UNIQUE_TAIL_BYTES);
      tail.write(`upload ${n} ${crypto.randomUUID()}`.slice(0, UNIQUE_TAIL_BYTES), 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(tail, sharedCrc), 0);
      return [body, header, padding, tail, Buffer.concat([crc, iend])];
    },
  };
}

let crcTable;

/** CRC-32 as PNG uses it (zlib's), continuing from `initial`. */
function crc32(data, initial = 0) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data, initial);
  crcTable ??= Int32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let crc = ~initial;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Requests

async function createDocumentCustomer(baseUrl, token, email) {
  const response = await fetch(`${baseUrl}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...DOCUMENT_CUSTOMER, email }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new BenchError(`POST /v1/customers (for an upload) answered ${response.status}: ${text.slice(0, 500)}`);
  const customer = JSON.parse(text);
  if (customer.status !== 'document') {
    throw new BenchError(`A customer named "document" should be in status document for an upload, but is in ${customer.status}.`);
  }
  return customer.id;
}

/**
 * One upload: documentType, then the file, as multipart/form-data. fetch streams the Blob into
 * the request in chunks, with a Content-Length. Answers the status and the time it took.
 */
async function upload(baseUrl, token, customerId, parts) {
  const form = new FormData();
  form.append('documentType', 'license');
  form.append('file', new Blob(parts, { type: 'image/png' }), 'license.png');
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/customers/${customerId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, text };
}

// ---------------------------------------------------------------------------------------------
// The measurement

/** VmRSS of the process, and its anonymous part (RssAnon: heap, buffers, not mapped files). */
function rssSample(pid) {
  let status;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rss: null, anon: null };
  }
  const kb = (field) => {
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
    return match ? Number(match[1]) * 1024 : null;
  };
  return { rss: kb('VmRSS'), anon: kb('RssAnon') };
}

function rssBytes(pid) {
  return rssSample(pid).rss;
}

/**
 * Checks that one upload answers 201, then runs `batches` batches of `concurrency` concurrent
 * uploads against the running Verity (`server`), each for a customer created just before the
 * batch. Verity's VmRSS is read just before each batch (idle) and every 50 ms until the batch
 * ends. Answers the settings, one entry per batch, and the summary: the worst growth over idle
 * and the mean MB/s.
 */
export async function measureUploads({ server, baseUrl, token, uniqueEmail, concurrency, batches, limitMiB, log }) {
  const image = await makeUploadImage();
  const preflightResult = await upload(baseUrl, token, await createDocumentCustomer(baseUrl, token, uniqueEmail()), image.file(0));
  if (preflightResult.status !== 201) {
    throw new BenchError(`POST /v1/customers/{id}/documents answered ${preflightResult.status}, expected 201: ${preflightResult.text.slice(0, 500)}`);
  }
  // A file that fails the quality checks is answered 201 too, as a rejected document: it would
  // measure a different path, so the bench's image must pass them.
  const preflightDocument = JSON.parse(preflightResult.text);
  if (preflightDocument.status === 'rejected') {
    throw new BenchError(`The bench's upload image was rejected by Verity's checks: ${JSON.stringify(preflightDocument.allFailureReasons ?? preflightDocument).slice(0, 500)}`);
  }
  if (rssBytes(server.pid) === null) {
    log(`  uploads: no /proc/${server.pid}/status on this machine; RSS growth is not measured.`);
  }

  const runs = [];
  let uploadNumber = 0;
  for (let batch = 1; batch <= batches; batch++) {
    const customerIds = [];
    for (let i = 0; i < concurrency; i++) customerIds.push(await createDocumentCustomer(baseUrl, token, uniqueEmail()));
    const files = customerIds.map(() => image.file(++uploadNumber));
    await sleep(500); // let the customer creates settle before reading idle memory

    const pids = [server.pid];
    const cpuBefore = cpuSnapshot(pids);
    const { rss: idle, anon: idleAnon } = rssSample(server.pid);
    let peak = idle;
    let peakAnon = idleAnon;
    const sample = () => {
      const { rss, anon } = rssSample(server.pid);
      if (rss !== null && (peak === null || rss > peak)) peak = rss;
      if (anon !== null && (peakAnon === null || anon > peakAnon)) peakAnon = anon;
    };
    const timer = setInterval(sample, RSS_SAMPLE_MS);
    const started = performance.now();
    let results;
    try {
      results = await Promise.all(customerIds.map((id, i) => upload(baseUrl, token, id, files[i])));
    } finally {
      clearInterval(timer);
    }
    const wallMs = performance.now() - started;
    sample();
    const otherCpu = otherCpuShare(cpuBefore, cpuSnapshot(pids));

    const statusCodes = {};
    for (const { status } of results) statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    const ok = results.filter((r) => r.status === 201).length;
    const bytes = image.size * results.length;
    const run = {
      uploads: results.length,
      ok,
      failed: results.length - ok,
      statusCodes,
      firstFailure: results.find((r) => r.status !== 201)?.text.slice(0, 300) ?? null,
      bytes,
      wallSeconds: wallMs / 1000,
      megabytesPerSec: bytes / 1e6 / (wallMs / 1000),
      slowestUploadSeconds: Math.max(...results.map((r) => r.ms)) / 1000,
      idleRssMiB: idle === null ? null : idle / 2 ** 20,
      peakRssMiB: peak === null ? null : peak / 2 ** 20,
      rssGrowthMiB: idle === null || peak === null ? null : (peak - idle) / 2 ** 20,
      idleRssAnonMiB: idleAnon === null ? null : idleAnon / 2 ** 20,
      peakRssAnonMiB: peakAnon === null ? null : peakAnon / 2 ** 20,
      otherCpuShare: otherCpu,
    };
    runs.push(run);
    log(
      `  batch ${batch}/${batches}   ${concurrency} × ${(image.size / 2 ** 20).toFixed(2)} MiB uploads ... ` +
        `${run.megabytesPerSec.toFixed(1)} MB/s in ${run.wallSeconds.toFixed(2)} s, RSS ${fmtMiB(run.idleRssMiB)} idle, ` +
        `+${fmtMiB(run.rssGrowthMiB)} peak` +
        `${run.failed > 0 ? `  (${run.failed} not 201: ${JSON.stringify(statusCodes)})` : ''}`,
    );
    await sleep(500);
  }

  const growths = runs.map((r) => r.rssGrowthMiB).filter((g) => g !== null);
  const worstGrowthMiB = growths.length === runs.length ? Math.max(...growths) : null;
  return {
    concurrency,
    batches,
    fileBytes: image.size,
    imageBytes: image.imageBytes,
    limitMiB,
    rssSampleMs: RSS_SAMPLE_MS,
    worstRssGrowthMiB: worstGrowthMiB,
    meanMegabytesPerSec: runs.reduce((sum, r) => sum + r.megabytesPerSec, 0) / runs.length,
    metLimit: worstGrowthMiB === null ? null : worstGrowthMiB <= limitMiB,
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
    runs,
  };
}

function fmtMiB(mib) {
  return mib === null ? 'n/a' : `${mib.toFixed(1)} MiB`;
}
