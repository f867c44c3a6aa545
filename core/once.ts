/**
 * `make`, run on the first call and remembered. What a start does not need is built by the first
 * caller, not at every start (core/bench/cliStartBench.ts): the API contract's schemas, what the
 * CLI derives from every destination type's and warehouse kind's settings (flags, usage lines).
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
