/**
 * The mechanism behind `sharedView` (kit/shared.ts, which states the rule): `derive` run once per
 * frozen input, its result remembered beside the input and frozen too (one level deep); any other
 * input derived anew, every time.
 *
 * A derivation that also depends on something besides its input takes it as `context`: the value
 * remembered for an input is reused only while `sameContext` holds (by default, the very same
 * context), and is derived again otherwise.
 */
export function derivedOnce<In extends object, Out, Context = void>(
  derive: (input: In, context: Context) => Out,
  sameContext: (remembered: Context, given: Context) => boolean = Object.is,
): (input: In, context: Context) => Out {
  const derived = new WeakMap<In, { readonly context: Context; readonly value: Out }>();
  return (input, context) => {
    // Looked up first: only frozen inputs are ever remembered, and they stay frozen, so a value
    // found needs no check. Object.isFrozen visits every property, on every call.
    const known = derived.get(input);
    if (known !== undefined && sameContext(known.context, context)) return known.value;
    if (!Object.isFrozen(input)) return derive(input, context);
    const value = derive(input, context);
    if (typeof value === 'object' && value !== null) Object.freeze(value);
    derived.set(input, { context, value });
    return value;
  };
}
