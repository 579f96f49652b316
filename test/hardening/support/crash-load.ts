// The crash test's clients: each loops over a weighted mix of actions against the server, which
// the test kills now and then, and writes down what every request came to (crash-record.ts).
import type { CrashableServer, Reply } from './crash-server.js';
import type { Random } from './crash-random.js';
import type { CustomerFields, LoadRecord, Outcome } from './crash-record.js';

/** Customers the clients share: verified ones for the ledger, ones awaiting documents for uploads. */
export class Pools {
  readonly ledger: string[] = [];
  /** `sent`: uploads tried so far (at most three, so the four-pending limit is never in play). */
  readonly document: Array<{ readonly id: string; sent: number }> = [];
  /** How far the slow upload in flight has got (0..1), or undefined when there is none. */
  slowUpload: number | undefined;
}

export interface LoadContext {
  readonly server: CrashableServer;
  readonly random: Random;
  readonly record: LoadRecord;
  readonly tenant: { readonly token: string; readonly key: string; readonly secret: string };
  readonly operatorToken: string;
  readonly images: { readonly jpeg: Buffer; readonly png: Buffer };
  /** Makes this run's emails and keys unique. */
  readonly tag: string;
  readonly pools: Pools;
  /** Shared by every client: set `stopping` to end the load (each finishes the request in hand). */
  readonly run: { stopping: boolean };
  /** A number never handed out before in this run. */
  next(): number;
}

/** Per-client state: the emails this client alone upserts. */
export interface Client {
  readonly index: number;
  readonly upsertEmails: string[];
}

export const MAX_UPLOADS_PER_CUSTOMER = 3;

/**
 * What a reply means for `action`: acknowledged (ok), refused (an answer the test expects and that
 * changes nothing), or in doubt (no answer). Anything else is written down as a surprise.
 */
export function outcomeOf(ctx: LoadContext, action: string, reply: Reply, ok: (status: number) => boolean, refused: (reply: Reply & { answered: true }) => boolean = () => false): Outcome | undefined {
  let outcome: Outcome | undefined;
  if (!reply.answered) outcome = 'in doubt';
  else if (ok(reply.status)) outcome = 'acknowledged';
  else if (refused(reply)) outcome = 'refused';
  if (outcome === undefined) {
    const answer = reply.answered ? `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}` : reply.error;
    ctx.record.surprises.push(`${action}: ${answer}`);
    return undefined;
  }
  ctx.record.count(action, outcome);
  return outcome;
}

export const codeOf = (reply: Reply & { answered: true }): string | undefined => (reply.body as { code?: string } | null)?.code;

const ADDRESS = { address1: '99-99 33rd St', city: 'Some City', state: 'NY', postalCode: '11101' };

/** A plausible, valid identity that differs from customer to customer. */
export function identity(ctx: LoadContext): { dateOfBirth: string; ssn: string } & typeof ADDRESS {
  const { random } = ctx;
  const dateOfBirth = `${random.int(1950, 1995)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  return { ...ADDRESS, dateOfBirth, ssn: String(random.int(1000, 9999)) };
}

export type CustomerKind = 'plain' | 'ledger' | 'document';
const EXPECTED_STATUS: Record<CustomerKind, string> = { plain: 'unverified', ledger: 'verified', document: 'document' };

/** POST /v1/customers: unverified, verified (for the ledger) or awaiting documents (for uploads). */
export async function createCustomer(ctx: LoadContext, kind: CustomerKind): Promise<void> {
  const n = ctx.next();
  const email = `crash.${ctx.tag}.${kind}.${n}@example.com`;
  const firstName = kind === 'document' ? 'document' : kind === 'ledger' ? 'Ledger' : 'Plain';
  const lastName = `Crash${n}`;
  const body = kind === 'plain' ? { firstName, lastName, email } : { type: 'personal', firstName, lastName, email, ...identity(ctx) };
  const key = ctx.random.chance(0.4) ? `create-${ctx.tag}-${n}` : undefined;
  const reply = await ctx.server.request('POST', '/v1/customers', { token: ctx.tenant.token, json: body, ...(key && { headers: { 'idempotency-key': key } }) });
  const fields: CustomerFields = { email, firstName, lastName, type: kind === 'plain' ? 'unverified' : 'personal' };
  const outcome = outcomeOf(ctx, `create ${kind} customer`, reply, (status) => status === 201);
  if (outcome === 'in doubt') ctx.record.createsInDoubt.push(fields);
  if (outcome !== 'acknowledged' || !reply.answered) return;
  const answer = reply.body as { id: string; status: string };
  const dateOfBirth = (body as { dateOfBirth?: string }).dateOfBirth;
  ctx.record.created.set(answer.id, { id: answer.id, fields, status: answer.status, ...(dateOfBirth && { dateOfBirth }), ...(key && { replay: { key, body } }) });
  if (answer.status !== EXPECTED_STATUS[kind]) {
    ctx.record.surprises.push(`create ${kind} customer: status ${answer.status}, expected ${EXPECTED_STATUS[kind]}`);
    return;
  }
  if (kind === 'ledger') ctx.pools.ledger.push(answer.id);
  if (kind === 'document') ctx.pools.document.push({ id: answer.id, sent: 0 });
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];

/**
 * Creates or updates one of this client's own emails, with POST /v1/customers/upsert or Veratad's
 * createOrUpdateCustomer: names and reference change on every call.
 */
export async function upsertCustomer(ctx: LoadContext, client: Client): Promise<void> {
  const n = ctx.next();
  const fresh = client.upsertEmails.length === 0 || ctx.random.chance(0.3);
  const email = fresh ? `crash.${ctx.tag}.upsert.${client.index}.${n}@example.com` : ctx.random.pick(client.upsertEmails);
  if (fresh) client.upsertEmails.push(email);
  const fields: CustomerFields = { email, firstName: ctx.random.pick(FIRST_NAMES), lastName: `Upsert${n}`, type: 'unverified', externalReference: `ref-${n}` };
  const veratad = ctx.random.chance(0.35);
  const reply = veratad
    ? await ctx.server.request('POST', '/v3/stable/api/storage', {
        json: { user: ctx.tenant.key, pass: ctx.tenant.secret, service: 'createOrUpdateCustomer', reference: fields.externalReference, target: { email, fn: fields.firstName, ln: fields.lastName } },
      })
    : await ctx.server.request('POST', '/v1/customers/upsert', {
        token: ctx.tenant.token,
        json: { email, firstName: fields.firstName, lastName: fields.lastName, externalReference: fields.externalReference },
      });
  const outcome = outcomeOf(ctx, veratad ? 'upsert (Veratad)' : 'upsert (native)', reply, (status) => status === 200 || status === 201);
  if (outcome === undefined || outcome === 'refused') return;
  const entry = ctx.record.upserted.get(email) ?? { candidates: [], acknowledged: false };
  ctx.record.upserted.set(email, entry);
  if (outcome === 'in doubt') {
    entry.candidates.push(fields);
    return;
  }
  entry.candidates = [fields];
  entry.acknowledged = true;
  if (reply.answered) entry.id = veratad ? customerIdOfLink(reply.body) : (reply.body as { customer: { id: string } }).customer.id;
}

/** The customer id at the end of a Veratad answer's customer_link. */
export function customerIdOfLink(body: unknown): string {
  const link = (body as { customer_link?: string }).customer_link ?? '';
  return link.slice(link.lastIndexOf('/') + 1);
}
