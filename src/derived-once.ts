/**
 * `derive` made to run once per shared input. A frozen input is a value read from a cache and
 * shared by every caller until the next write (a cached row, or something derived from one): what
 * is derived from it is remembered beside it and frozen too (one level deep), so that no caller
 * can change it for the others. Any other input is derived anew, every time.
 */
export function derivedOnce<In extends object, Out>(derive: (input: In) => Out): (input: In) => Out {
  const derived = new WeakMap<In, Out>();
  return (input) => {
    if (!Object.isFrozen(input)) return derive(input);
    let value = derived.get(input);
    if (value === undefined) {
      value = derive(input);
      if (typeof value === 'object' && value !== null) Object.freeze(value);
      derived.set(input, value);
    }
    return value;
  };
}
