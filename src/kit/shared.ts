import { derivedOnce } from './derived-once.js';

declare const sharedBrand: unique symbol;

/**
 * A value every caller shares: the rule of Verity's read cache, stated here and nowhere else.
 *
 * On the embedded database the hot reads (customers, statuses, balances) answer from memory until
 * anything at all is written (store/reusable-query.ts), so every request gets the very same row
 * objects. Such a value is `Shared`: frozen, so no caller can change it for the others, and made
 * only by the store's read cache (`shareCached`, which lint keeps to the store) or as a view of
 * another shared value (`sharedView`).
 *
 * What is derived from a shared value (a customer from its row, a status view, a door's answer, the
 * JSON text of an answer) stays the same for every request until the next write. So it is derived
 * once, remembered beside the value (in a WeakMap: it goes when the value goes, at the next write),
 * frozen and shared in turn. A value that is not shared (read inside a transaction, on PostgreSQL,
 * or built for one request) is derived anew every time and never remembered.
 *
 * At run time a shared value is known by being frozen: nothing else Verity hands to a view is
 * frozen, but for a few constants, which never change either.
 */
export type Shared<T> = T extends object ? Readonly<T> & { readonly [sharedBrand]: true } : T;

/** What a read may answer: a value shared by every caller, or one of the caller's own. */
export type MaybeShared<T> = T | Shared<T>;

/** For the store's read cache alone: the value, frozen, from now on shared by every caller. */
export function shareCached<T extends object>(value: T): Shared<T> {
  return Object.freeze(value) as Shared<T>;
}

/** A view of values that may be shared: of a shared one, shared too. */
export interface SharedView<In extends object, Out, Context> {
  (input: Shared<In>, context: Context): Shared<Out>;
  (input: MaybeShared<In>, context: Context): MaybeShared<Out>;
}

/**
 * The one way to derive something from a value that may be shared (see `Shared`): derived once per
 * shared input and remembered beside it, derived every time from any other.
 *
 * A view that also depends on something besides its input takes it as `context`: what was
 * remembered is reused only while `sameContext` holds (by default, the very same context).
 */
export function sharedView<In extends object, Out, Context = void>(
  derive: (input: In, context: Context) => Out,
  sameContext?: (remembered: Context, given: Context) => boolean,
): SharedView<In, Out, Context> {
  return derivedOnce(derive, sameContext) as SharedView<In, Out, Context>;
}
