// Balance operations for the crash test: credits, debits, holds, releases, captures and transfers
// between verified customers, each with its own Idempotency-Key and an amount no other request
// has (so an operation found in a journal names the request it came from), and resends of
// acknowledged ones with their key (which must answer the same operation, moving nothing).
import { codeOf, type LoadContext, outcomeOf } from './crash-load.js';
import type { LedgerKind, LedgerRequest } from './crash-record.js';

const NANOS = 1_000_000_000n;
const WEIGHTS: Record<LedgerKind, number> = { credit: 30, debit: 10, hold: 12, release: 8, capture: 8, transfer: 32 };

export function money(currency: string, nanos: bigint): { currencyCode: string; units: string; nanos: number } {
  return { currencyCode: currency, units: String(nanos / NANOS), nanos: Number(nanos % NANOS) };
}

export function nanosOf(value: { units: string; nanos?: number }): bigint {
  return BigInt(value.units) * NANOS + BigInt(value.nanos ?? 0);
}

function bodyOf(request: LedgerRequest) {
  return { amount: money(request.currency, request.nanos), ...(request.counterpartyId && { counterpartyId: request.counterpartyId }) };
}

/** Returns false while there are fewer than two verified customers (the caller then makes one). */
export async function ledgerOperation(ctx: LoadContext): Promise<boolean> {
  const { pools, random, record } = ctx;
  if (pools.ledger.length < 2) return false;
  if (record.ledger.size > 0 && random.chance(0.1)) {
    await resend(ctx, random.pick([...record.ledger.entries()]));
    return true;
  }
  const kind = random.weighted(WEIGHTS);
  const customerId = random.pick(pools.ledger);
  const others = pools.ledger.filter((id) => id !== customerId);
  const n = ctx.next();
  // Credits bring in more than the rest take out, so most operations can be covered.
  const units = kind === 'credit' ? random.int(20, 200) : random.int(1, 40);
  const request: LedgerRequest = {
    key: `ledger-${ctx.tag}-${n}`,
    kind,
    customerId,
    ...(kind === 'transfer' && { counterpartyId: random.pick(others) }),
    currency: random.chance(0.7) ? 'USD' : 'EUR',
    nanos: BigInt(units) * NANOS + BigInt(n),
  };
  const reply = await ctx.server.request('POST', `/v1/customers/${customerId}/balances/${kind}`, {
    token: ctx.tenant.token,
    json: bodyOf(request),
    headers: { 'idempotency-key': request.key },
  });
  const outcome = outcomeOf(ctx, `ledger ${kind}`, reply, (status) => status === 201, (r) => r.status === 409 && codeOf(r) === 'InsufficientFunds');
  if (outcome === 'in doubt') record.ledgerInDoubt.push(request);
  if (outcome !== 'acknowledged' || !reply.answered) return true;
  const answer = reply.body as { id: string; amount: { units: string; nanos?: number } };
  if (nanosOf(answer.amount) !== request.nanos) record.surprises.push(`ledger ${kind}: answered amount ${JSON.stringify(answer.amount)} for ${request.nanos} nanos`);
  record.ledger.set(answer.id, request);
  return true;
}

/** The same request with the same key: the same operation must answer, and nothing moves again. */
async function resend(ctx: LoadContext, [id, request]: [string, LedgerRequest]): Promise<void> {
  const reply = await ctx.server.request('POST', `/v1/customers/${request.customerId}/balances/${request.kind}`, {
    token: ctx.tenant.token,
    json: bodyOf(request),
    headers: { 'idempotency-key': request.key },
  });
  const outcome = outcomeOf(ctx, 'ledger resend with the same key', reply, (status) => status === 200 || status === 201);
  if (outcome !== 'acknowledged' || !reply.answered) return;
  ctx.record.ledgerReplays.push({
    id,
    answeredId: (reply.body as { id: string }).id,
    status: reply.status,
    headerReplayed: reply.headers.get('idempotent-replayed') === 'true',
  });
}
