/**
 * Runs async work one piece at a time, in call order. The warehouse connection of a run is used
 * by reading, committing and metering; the destination's sends overlap freely.
 */
export function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** Runs work in its turn: what serialQueue() answers. */
export type SerialQueue = ReturnType<typeof serialQueue>;
