// After the last restart: every document any customer shows streams back whole (its bytes hash to
// its SHA-256 and count its size) and is a file some client sent that customer; every acknowledged
// upload is among them; Veratad's images read back byte for byte; and every acknowledged review
// decision holds, in the document and in the customer's history.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Checker, CustomerView } from './crash-check.js';

interface DocumentView {
  readonly id: string;
  readonly customerId: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly status: string;
  readonly outcome?: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Checks the documents and returns the id of every document any customer shows. */
export async function checkDocuments(check: Checker, customers: readonly CustomerView[], dataDir: string): Promise<string[]> {
  const { record } = check;
  const documents = new Map<string, DocumentView>();
  for (const customer of customers) {
    const list = await check.get<{ data: DocumentView[] }>(`/v1/customers/${customer.id}/documents`);
    for (const document of list?.data ?? []) {
      documents.set(document.id, document);
      const sent = record.filesSent.get(document.sha256);
      if (!sent || (sent.customerId ?? customer.id) !== customer.id || (sent.email ?? customer.email).toLowerCase() !== customer.email.toLowerCase()) {
        check.fail(`document ${document.id} of customer ${customer.id} is no file sent to it (sha256 ${document.sha256})`);
      }
      const file = await check.server.request('GET', `/v1/documents/${document.id}/file`, { token: check.tenant.token });
      if (!file.answered || file.status !== 200) {
        check.fail(`document ${document.id} is listed but its file answers ${file.answered ? `${file.status} ${file.bytes.toString('utf8').slice(0, 200)}` : file.error}`);
      } else if (file.bytes.length !== document.size || sha256(file.bytes) !== document.sha256) {
        check.fail(`document ${document.id}: the file streams ${file.bytes.length} bytes hashing to ${sha256(file.bytes)}; recorded ${document.size} bytes, ${document.sha256}`);
      } else {
        check.count('document files streamed whole');
        check.count('document bytes streamed', file.bytes.length);
      }
    }
  }

  for (const uploaded of record.documents.values()) {
    const document = documents.get(uploaded.id);
    if (!document) check.fail(`acknowledged document ${uploaded.id} of customer ${uploaded.customerId} is missing`);
    else if (document.customerId !== uploaded.customerId || document.sha256 !== uploaded.sha256 || document.size !== uploaded.size || document.mediaType !== uploaded.mediaType) {
      check.fail(`acknowledged document ${uploaded.id} reads ${JSON.stringify(document)}, uploaded ${JSON.stringify(uploaded)}`);
    } else check.count('acknowledged uploads found intact');
  }

  for (const [email, sent] of record.veratadWithImages) {
    const answer = await check.veratad('getDocumentImages', { email });
    const images = (answer?.target as { documents?: { front?: string; back?: string }; dob?: string } | undefined) ?? {};
    const front = images.documents?.front === undefined ? undefined : sha256(Buffer.from(images.documents.front, 'base64'));
    const back = images.documents?.back === undefined ? undefined : sha256(Buffer.from(images.documents.back, 'base64'));
    if (answer && (front !== sent.front || back !== sent.back || images.dob !== sent.dob)) {
      check.fail(`Veratad customer ${sent.id} (${email}): images or date of birth differ from the acknowledged call`);
    } else if (answer) check.count('Veratad calls with images read back byte for byte');
  }

  for (const [id, outcome] of record.documentDecisions) {
    const document = documents.get(id);
    if (!document || document.status !== 'reviewed' || document.outcome !== outcome) {
      check.fail(`document ${id} was ${outcome} (acknowledged) but reads ${document ? `${document.status} ${document.outcome}` : 'missing'}`);
    } else check.count('acknowledged document decisions found');
  }
  await checkCaseDecisions(check, customers);

  // Blobs whose upload never committed (killed between storing the file and recording it) are
  // invisible; count them for the report.
  const blobs = path.join(dataDir, 'blobs');
  const files = fs.existsSync(blobs) ? (fs.readdirSync(blobs, { recursive: true }) as string[]).filter((name) => name.endsWith('.blob')) : [];
  check.count('unreferenced blob files (uploads killed before they were recorded)', Math.max(0, files.length - documents.size));
  return [...documents.keys()];
}

const STATUS_AFTER: Record<string, string | undefined> = { approve: 'verified', reject: 'suspended' };

async function checkCaseDecisions(check: Checker, customers: readonly CustomerView[]): Promise<void> {
  const status = new Map(customers.map((c) => [c.id, c.status]));
  const byCustomer = new Map<string, string[]>();
  for (const decided of check.record.caseDecisions) byCustomer.set(decided.customerId, [...(byCustomer.get(decided.customerId) ?? []), decided.decision]);
  for (const [customerId, decisions] of byCustomer) {
    const history = await check.get<{ data: Array<{ action: string; actor: { kind: string } }> }>(`/v1/customers/${customerId}/history`);
    if (!history) continue;
    for (const decision of new Set(decisions)) {
      const lines = history.data.filter((line) => line.action === `review_${decision}` && line.actor.kind === 'operator').length;
      const acknowledged = decisions.filter((d) => d === decision).length;
      if (lines < acknowledged) check.fail(`customer ${customerId}: ${acknowledged} acknowledged ${decision} decision(s), ${lines} in its history`);
      else check.count('acknowledged case decisions in the history', acknowledged);
    }
    // Approval and rejection end the customer's reviews: its status shows the decision.
    const final = decisions.map((d) => STATUS_AFTER[d]).find((s) => s !== undefined);
    if (final && status.get(customerId) !== final) check.fail(`customer ${customerId} was decided (${decisions.join(', ')}) but is ${status.get(customerId)}`);
  }
}
