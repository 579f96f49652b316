// Document uploads for the crash test: quick ones (multipart JPEG, JSON PNG), slow large ones
// (a client trickling a PDF, so kills land mid-upload) and Veratad calls that carry two images.
import { type Reply } from './crash-server.js';
import { largePdf, markedJpeg, markedPng, multipartBody, type UploadFile } from './crash-files.js';
import { codeOf, customerIdOfLink, identity, type LoadContext, MAX_UPLOADS_PER_CUSTOMER, outcomeOf } from './crash-load.js';

/** A customer awaiting documents with room for one more upload, its slot taken; undefined if none. */
function takeUploadSlot(ctx: LoadContext): string | undefined {
  const roomy = ctx.pools.document.filter((d) => d.sent < MAX_UPLOADS_PER_CUSTOMER);
  if (roomy.length === 0) return undefined;
  const chosen = ctx.random.pick(roomy);
  chosen.sent += 1;
  return chosen.id;
}

/** The customer may have left `document` meanwhile (a reviewer decided): then uploads are refused. */
const refusedUpload = (reply: Reply & { answered: true }) => reply.status === 409 && codeOf(reply) === 'InvalidResourceState';

function recordUpload(ctx: LoadContext, action: string, customerId: string, file: UploadFile, reply: Reply): void {
  ctx.record.filesSent.set(file.sha256, { customerId });
  const outcome = outcomeOf(ctx, action, reply, (status) => status === 201, refusedUpload);
  if (outcome !== 'acknowledged' || !reply.answered) return;
  const document = reply.body as { id: string; sha256: string; size: number; mediaType: string };
  if (document.sha256 !== file.sha256 || document.size !== file.bytes.length || document.mediaType !== file.mediaType) {
    ctx.record.surprises.push(`${action}: answered ${JSON.stringify(document)} for a ${file.mediaType} of ${file.bytes.length} bytes, sha256 ${file.sha256}`);
  }
  ctx.record.documents.set(document.id, { id: document.id, customerId, sha256: file.sha256, size: file.bytes.length, mediaType: file.mediaType });
}

/** Returns false when no customer has room (the caller then makes one). */
export async function uploadDocument(ctx: LoadContext): Promise<boolean> {
  const customerId = takeUploadSlot(ctx);
  if (customerId === undefined) return false;
  const marker = `crash ${ctx.tag} upload ${ctx.next()}`;
  if (ctx.random.chance(0.6)) {
    const file = markedJpeg(ctx.images.jpeg, marker);
    const documentType = ctx.random.pick(['license', 'passport', 'idCard']);
    const body = multipartBody({ documentType }, { name: 'id.jpg', contentType: 'image/jpeg', bytes: file.bytes });
    recordUpload(ctx, 'upload (multipart JPEG)', customerId, file, await ctx.server.request('POST', `/v1/customers/${customerId}/documents`, { token: ctx.tenant.token, body }));
  } else {
    const file = markedPng(ctx.images.png, marker);
    const json = { documentType: 'idCard', side: ctx.random.pick(['front', 'back']), image: file.bytes.toString('base64') };
    recordUpload(ctx, 'upload (JSON PNG)', customerId, file, await ctx.server.request('POST', `/v1/customers/${customerId}/documents`, { token: ctx.tenant.token, json }));
  }
  return true;
}

/**
 * A 1–3 MB PDF sent in 64 KiB slices with pauses: the blob store writes it as it arrives, so a
 * kill meanwhile leaves a partial upload behind. Progress shows in ctx.pools.slowUpload.
 */
export async function slowUpload(ctx: LoadContext): Promise<boolean> {
  const customerId = takeUploadSlot(ctx);
  if (customerId === undefined) return false;
  const file = largePdf(ctx.random.int(1_000_000, 3_000_000));
  ctx.pools.slowUpload = 0;
  const body = multipartBody(
    { documentType: 'other' },
    { name: 'statement.pdf', contentType: 'application/pdf', bytes: file.bytes },
    { sliceBytes: 64 * 1024, pauseMs: 15, onProgress: (sent) => (ctx.pools.slowUpload = sent) },
  );
  try {
    recordUpload(ctx, 'upload (slow multipart PDF)', customerId, file, await ctx.server.request('POST', `/v1/customers/${customerId}/documents`, { token: ctx.tenant.token, body }));
  } finally {
    ctx.pools.slowUpload = undefined;
  }
  return true;
}

/**
 * Veratad's createOrUpdateCustomer with an identity and both sides of an ID card: a personal
 * customer awaiting review, with two documents. One call per email.
 */
export async function veratadWithImages(ctx: LoadContext): Promise<void> {
  const n = ctx.next();
  const email = `crash.${ctx.tag}.veratad.${n}@example.com`;
  const front = markedJpeg(ctx.images.jpeg, `crash ${ctx.tag} front ${n}`);
  const back = markedPng(ctx.images.png, `crash ${ctx.tag} back ${n}`);
  const { address1, city, state, postalCode, dateOfBirth } = identity(ctx);
  const dob = dateOfBirth.replaceAll('-', '');
  const fields = { email, firstName: 'Vera', lastName: `Tad${n}`, type: 'personal', externalReference: `vt-${n}` };
  for (const file of [front, back]) ctx.record.filesSent.set(file.sha256, { email });
  const reply = await ctx.server.request('POST', '/v3/stable/api/storage', {
    json: {
      user: ctx.tenant.key,
      pass: ctx.tenant.secret,
      service: 'createOrUpdateCustomer',
      reference: fields.externalReference,
      target: { email, fn: fields.firstName, ln: fields.lastName, addr: address1, city, state, zip: postalCode, dob, documents: { front: front.bytes.toString('base64'), back: back.bytes.toString('base64') } },
    },
  });
  // A reviewer may decide the customer on its first image before the second is stored: the call
  // is then refused, but the customer (and its first image) stay.
  const decidedMeanwhile = (r: Reply & { answered: true }) => r.status === 409 && /not awaiting identity documents/.test(String((r.body as { message?: string }).message));
  const outcome = outcomeOf(ctx, 'Veratad create with two images', reply, (status) => status === 200, decidedMeanwhile);
  if (outcome === undefined) return;
  const id = outcome === 'acknowledged' ? customerIdOfLink(reply.answered ? reply.body : {}) : undefined;
  ctx.record.upserted.set(email, { candidates: [fields], acknowledged: outcome !== 'in doubt', ...(id && { id }) });
  if (id) ctx.record.veratadWithImages.set(email, { id, front: front.sha256, back: back.sha256, dob });
}
