/**
 * `make`, run on the first call and remembered. What the CLI derives from every destination
 * type's and warehouse kind's settings (flags, usage lines) is built only by the commands that
 * need it, not at every start (core/bench/cliStartBench.ts).
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
