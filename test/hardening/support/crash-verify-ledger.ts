// After the last restart, the books: every acknowledged operation is in the journals exactly as
// asked, every other operation there is one sent in doubt (never one nobody sent), each operation
// is whole (a transfer has both sides), every journal adds up entry by entry to the balance it
// ends at, nothing is below zero, and per currency the balances sum to credits minus debits and
// captures. An acknowledged operation resent with its key answered the same operation.
import type { Checker } from './crash-check.js';
import { nanosOf } from './crash-load-ledger.js';
import type { LedgerKind, LedgerRequest } from './crash-record.js';

interface Money {
  readonly units: string;
  readonly nanos?: number;
}

interface Entry {
  readonly id: string;
  readonly operationId: string;
  readonly kind: string;
  readonly currency: string;
  readonly availableChange: Money;
  readonly heldChange: Money;
  readonly balanceAfter: Money;
  readonly balanceHoldAfter: Money;
}

interface Side {
  readonly customerId: string;
  readonly kind: string;
  readonly available: bigint;
  readonly held: bigint;
}

/** The entries an operation must have written: [movement, available change, held change] per side. */
function expectedSides(request: LedgerRequest): Side[] {
  const a = request.nanos;
  const own: Record<LedgerKind, [string, bigint, bigint]> = {
    credit: ['credit', a, 0n],
    debit: ['debit', -a, 0n],
    hold: ['hold', -a, a],
    release: ['release', a, -a],
    capture: ['capture', 0n, -a],
    transfer: ['transfer_out', -a, 0n],
  };
  const [kind, available, held] = own[request.kind];
  const sides: Side[] = [{ customerId: request.customerId, kind, available, held }];
  if (request.kind === 'transfer') sides.push({ customerId: request.counterpartyId as string, kind: 'transfer_in', available: a, held: 0n });
  return sides;
}

const abs = (value: bigint) => (value < 0n ? -value : value);
const key = (side: Side) => `${side.customerId} ${side.kind} ${side.available} ${side.held}`;

/** Checks the books and returns how many operations touched each (customer, ledger topic), for the events check. */
export async function checkLedger(check: Checker, ledgerCustomers: readonly string[]): Promise<Map<string, number>> {
  const { record } = check;
  const byOperation = new Map<string, Array<Entry & { customerId: string }>>();
  const balances = new Map<string, { available: bigint; held: bigint }>();
  for (const customerId of ledgerCustomers) {
    const journal = await check.all<Entry>(`/v1/customers/${customerId}/journal`, 'before');
    check.count('journal entries read', journal.length);
    const listed = await check.get<{ data: Array<{ currency: string; balance: Money; balanceHold: Money }> }>(`/v1/customers/${customerId}/balances`);
    for (const row of listed?.data ?? []) balances.set(`${customerId} ${row.currency}`, { available: nanosOf(row.balance), held: nanosOf(row.balanceHold) });
    for (const entry of journal) byOperation.set(entry.operationId, [...(byOperation.get(entry.operationId) ?? []), { ...entry, customerId }]);
    checkChains(check, customerId, journal, balances);
  }

  // Each operation in the journals: acknowledged (by id) or in doubt (by its unique amount), whole.
  const inDoubt = new Map(record.ledgerInDoubt.map((r) => [`${r.currency} ${r.nanos}`, r]));
  const totals = new Map<string, bigint>();
  const touched = new Map<string, number>();
  for (const [operationId, entries] of byOperation) {
    const currency = entries[0]?.currency as string;
    const amount = entries.reduce((max, e) => [abs(nanosOf(e.availableChange)), abs(nanosOf(e.heldChange))].reduce((m, v) => (v > m ? v : m), max), 0n);
    const request = record.ledger.get(operationId) ?? inDoubt.get(`${currency} ${amount}`);
    if (!request) {
      check.fail(`operation ${operationId} (${entries.map((e) => e.kind).join(', ')} of ${amount} ${currency}) is in the journals but no client sent it`);
      continue;
    }
    if (!record.ledger.has(operationId)) check.count('operations in doubt that had committed');
    const found = entries.map((e) => key({ customerId: e.customerId, kind: e.kind, available: nanosOf(e.availableChange), held: nanosOf(e.heldChange) })).sort();
    const expected = expectedSides(request).map(key).sort();
    if (request.currency !== currency || entries.some((e) => e.currency !== currency) || JSON.stringify(found) !== JSON.stringify(expected)) {
      check.fail(`operation ${operationId} (${request.kind}) wrote ${JSON.stringify(found)}, expected ${JSON.stringify(expected)} in ${request.currency}`);
    }
    const change = request.kind === 'credit' ? request.nanos : request.kind === 'debit' || request.kind === 'capture' ? -request.nanos : 0n;
    totals.set(currency, (totals.get(currency) ?? 0n) + change);
    for (const side of expectedSides(request)) touched.set(`${side.customerId} ${request.kind}`, (touched.get(`${side.customerId} ${request.kind}`) ?? 0) + 1);
  }
  for (const [id, request] of record.ledger) {
    if (!byOperation.has(id)) check.fail(`acknowledged ${request.kind} ${id} of ${request.nanos} ${request.currency} is not in the journals`);
    else check.count('acknowledged operations found whole');
  }

  // Per currency: what the balances hold is what came in less what went out.
  const held = new Map<string, bigint>();
  for (const [account, balance] of balances) {
    const currency = account.split(' ')[1] as string;
    held.set(currency, (held.get(currency) ?? 0n) + balance.available + balance.held);
  }
  for (const currency of new Set([...held.keys(), ...totals.keys()])) {
    if ((held.get(currency) ?? 0n) !== (totals.get(currency) ?? 0n)) {
      check.fail(`${currency}: balances sum to ${held.get(currency) ?? 0n} nanos, credits less debits and captures are ${totals.get(currency) ?? 0n}`);
    } else check.count('currencies whose balances sum to credits less debits and captures');
  }

  for (const replay of record.ledgerReplays) {
    if (replay.answeredId !== replay.id) check.fail(`operation ${replay.id} resent with its key answered operation ${replay.answeredId}`);
    else check.count('acknowledged operations resent with their key, answered the same');
  }
  return touched;
}

/** Oldest first, each entry's balance is the one before it plus its change, never below zero, ending at the balance shown. */
function checkChains(check: Checker, customerId: string, journal: readonly Entry[], balances: Map<string, { available: bigint; held: bigint }>): void {
  const running = new Map<string, { available: bigint; held: bigint }>();
  for (const entry of [...journal].sort((a, b) => a.id.localeCompare(b.id))) {
    const before = running.get(entry.currency) ?? { available: 0n, held: 0n };
    const after = { available: nanosOf(entry.balanceAfter), held: nanosOf(entry.balanceHoldAfter) };
    if (before.available + nanosOf(entry.availableChange) !== after.available || before.held + nanosOf(entry.heldChange) !== after.held) {
      check.fail(`customer ${customerId} ${entry.currency}: entry ${entry.id} does not follow from the one before it`);
    }
    if (after.available < 0n || after.held < 0n) check.fail(`customer ${customerId} ${entry.currency}: entry ${entry.id} leaves a negative balance`);
    running.set(entry.currency, after);
  }
  for (const [currency, end] of running) {
    const shown = balances.get(`${customerId} ${currency}`);
    if (!shown || shown.available !== end.available || shown.held !== end.held) {
      check.fail(`customer ${customerId} ${currency}: the journal ends at ${end.available}/${end.held}, the balance shows ${shown?.available}/${shown?.held}`);
    } else check.count('balances that are their journal’s sum');
  }
  for (const [account, balance] of balances) {
    if (account.startsWith(`${customerId} `) && (balance.available < 0n || balance.held < 0n)) check.fail(`${account}: negative balance`);
    if (account.startsWith(`${customerId} `) && !running.has(account.split(' ')[1] as string) && (balance.available !== 0n || balance.held !== 0n)) {
      check.fail(`${account}: a balance with no journal entries`);
    }
  }
}
