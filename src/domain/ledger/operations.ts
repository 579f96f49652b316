import type { CustomerStatus } from '../customer/customer.js';
import { capabilitiesFor } from '../customer/status-view.js';
import { MAX_AMOUNT_NANOS } from './money.js';

/**
 * What each balance operation does to a customer's balance in one currency, and who may do it.
 * Amounts are whole nanos (BigInt): never floats.
 */

export const LEDGER_OPERATIONS = ['credit', 'debit', 'hold', 'release', 'capture', 'transfer'] as const;
export type LedgerOperationKind = (typeof LEDGER_OPERATIONS)[number];

/** Available (spendable) and held (reserved) amounts. */
export interface Balance {
  readonly available: bigint;
  readonly held: bigint;
}

export const ZERO_BALANCE: Balance = { available: 0n, held: 0n };

/** One side of an operation: a transfer has two (out of the sender, into the receiver). */
export type Movement = 'credit' | 'debit' | 'hold' | 'release' | 'capture' | 'transfer_out' | 'transfer_in';

export type MovementResult =
  | { readonly ok: true; readonly after: Balance }
  | { readonly ok: false; readonly shortOf: 'available' | 'held' }
  | { readonly ok: false; readonly beyondLimit: 'available' | 'held' };

/**
 * Applies a movement of a positive amount; refuses rather than go below zero, or above the
 * largest amount Money carries (15 digits of units), which the wire formats could not show.
 */
export function move(balance: Balance, movement: Movement, amount: bigint): MovementResult {
  const moved = moveUnbounded(balance, movement, amount);
  if (!moved.ok) return moved;
  if (moved.after.available > MAX_AMOUNT_NANOS && moved.after.available > balance.available) return { ok: false, beyondLimit: 'available' };
  if (moved.after.held > MAX_AMOUNT_NANOS && moved.after.held > balance.held) return { ok: false, beyondLimit: 'held' };
  return moved;
}

function moveUnbounded(balance: Balance, movement: Movement, amount: bigint): MovementResult {
  const { available, held } = balance;
  switch (movement) {
    case 'credit':
    case 'transfer_in':
      return { ok: true, after: { available: available + amount, held } };
    case 'debit':
    case 'transfer_out':
      return available >= amount ? { ok: true, after: { available: available - amount, held } } : { ok: false, shortOf: 'available' };
    case 'hold':
      return available >= amount ? { ok: true, after: { available: available - amount, held: held + amount } } : { ok: false, shortOf: 'available' };
    case 'release':
      return held >= amount ? { ok: true, after: { available: available + amount, held: held - amount } } : { ok: false, shortOf: 'held' };
    case 'capture':
      return held >= amount ? { ok: true, after: { available, held: held - amount } } : { ok: false, shortOf: 'held' };
  }
}

/**
 * Why a customer in `status` may not take part in a movement, or undefined if it may. Money
 * coming in needs the customer to be able to receive; money going out (or reserved to go out)
 * needs it to be able to send. Releasing a hold only gives the customer its own money back.
 */
export function refusal(movement: Movement, status: CustomerStatus, held = false): string | undefined {
  const can = capabilitiesFor(status, held);
  if ((movement === 'credit' || movement === 'transfer_in') && !can.canReceive) return `A customer in status ${status} cannot receive funds.`;
  if ((movement === 'debit' || movement === 'transfer_out' || movement === 'hold' || movement === 'capture') && !can.canSend) {
    return held && status === 'verified'
      ? 'A possible sanctions-list match holds the customer: it cannot send funds until a reviewer decides the match.'
      : `A customer in status ${status} cannot send funds (only verified customers can).`;
  }
  return undefined;
}

/** The movements an operation makes: on the customer, and for a transfer on the counterparty. */
export function movementsOf(kind: LedgerOperationKind): { readonly customer: Movement; readonly counterparty?: Movement } {
  return kind === 'transfer' ? { customer: 'transfer_out', counterparty: 'transfer_in' } : { customer: kind };
}

/** The event an operation emits. */
export const OPERATION_TOPICS: Readonly<Record<LedgerOperationKind, string>> = {
  credit: 'customer_balance_credited',
  debit: 'customer_balance_debited',
  hold: 'customer_balance_held',
  release: 'customer_hold_released',
  capture: 'customer_hold_captured',
  transfer: 'customer_transfer_completed',
};
