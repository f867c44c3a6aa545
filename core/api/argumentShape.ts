/**
 * No call's argument nests deeper than a few levels (a destination's retry policy sits three
 * down). Bounding the depth before validation keeps recursive work on a hostile argument (a
 * `[[[…]]]` thousands deep inside a free-form settings object, which JSON.stringify and friends
 * recurse into) from overflowing the stack and answering 500 instead of a clear 400.
 */
export const MAX_ARGUMENT_DEPTH = 64;
/** Far above any real argument (a 1 MiB JSON body holds at most ~500,000 values). */
export const MAX_ARGUMENT_VALUES = 1_000_000;

/**
 * Why `value` is not a plausible argument (too deep, or too many values), or undefined when it
 * is. Iterative, so any depth is safe to ask about; the value count also bounds an argument that
 * reaches the same object twice, or itself (the IPC host's structured clone allows both).
 */
export function argumentShapeProblem(value: unknown): string | undefined {
  const pending: Array<[unknown, number]> = [[value, 1]];
  let values = 0;
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (++values > MAX_ARGUMENT_VALUES) {
      return `the argument holds more than ${MAX_ARGUMENT_VALUES} values`;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth > MAX_ARGUMENT_DEPTH) {
      return `the argument nests deeper than ${MAX_ARGUMENT_DEPTH} levels`;
    }
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return undefined;
}
