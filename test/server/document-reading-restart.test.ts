// A restart in the middle of reading a document: the server is killed once it has leased the
// reading (the OCR engine still starting); the next server takes the reading over when the lease
// runs out and reads the document.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { syntheticDocument } from '../../bench/lib/synthetic-documents.mjs';
import { personal } from '../support/api.js';
import { requireOcrFont } from '../support/ocr-font.js';
import { sandboxToken, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { createTestDatabase } from '../support/test-db.js';
import { until } from '../support/until.js';

const skip = requireOcrFont();

test('a server killed mid-reading: the next one reads the document', { skip }, async () => {
  const db = await createTestDatabase('document-reading-restart');
  // A reading may take 5 s; its lease 5 s + 15 s, then another process may take it.
  const env = { VERITY_DOCUMENT_READING_TIMEOUT_SECONDS: '5' };
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await db.drop();
  });

  const first = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env });
  servers.push(first);
  const token = await sandboxToken(first);
  const call = (server: ServerProcess, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const created = (await (await call(first, '/v1/customers', personal({ firstName: 'document', lastName: 'Restart' }))).json()) as { id: string; status: string };
  assert.equal(created.status, 'document');
  const image = await syntheticDocument({
    format: 'TD3',
    condition: 'clean',
    seed: 7,
    fields: { documentCode: 'P', issuingState: 'NLD', nationality: 'NLD', sex: 'F', documentNumber: 'RS7730215', surname: 'Restart', givenNames: 'Document', dateOfBirth: '1980-05-17', expirationDate: '2033-01-31' },
  });
  const uploaded = await call(first, `/v1/customers/${created.id}/documents`, { documentType: 'passport', image: image.toString('base64') });
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const { id } = (await uploaded.json()) as { id: string };

  // Watch the queue from the side, and kill the server the moment it leases the reading.
  const watcher = compose(loadConfig({ VERITY_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl }));
  try {
    const leased = async () => (await watcher.store.db.selectFrom('document_extractions').select(['lease_until', 'state']).where('document_id', '=', id).executeTakeFirst()) ?? { lease_until: null, state: '' };
    await until(async () => (await leased()).lease_until !== null, 20_000, () => 'the first server leased the reading');
    await first.stop('SIGKILL');
    assert.equal((await leased()).state, 'pending', 'killed before the reading finished');

    const second = await startServerProcess({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, env });
    servers.push(second);
    let extraction = { status: '', mrz: null as { valid: boolean } | null };
    await until(async () => {
      extraction = ((await (await call(second, `/v1/documents/${id}`)).json()) as { extraction: typeof extraction }).extraction;
      return extraction.status === 'done';
    }, 90_000, () => `read by the second server: ${JSON.stringify(extraction)}`);
    assert.equal(extraction.mrz?.valid, true);
    const row = await watcher.store.db.selectFrom('document_extractions').select('tries').where('document_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(row.tries), 2, 'read twice: the cut-off reading and the one after');
  } finally {
    await watcher.close();
  }
});
