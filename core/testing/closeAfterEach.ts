import { afterEach } from 'vitest';

interface Closable {
  close(): unknown;
}

/**
 * Closes what a test opened (fixtures, stand-ins, receivers) after each test, in the order `open`
 * lists them; each one once, so a file whose next test opens nothing new closes nothing twice.
 */
export function closeAfterEach(open: () => readonly (Closable | undefined)[]): void {
  const closed = new WeakSet<Closable>();
  afterEach(async () => {
    for (const thing of open()) {
      if (!thing || closed.has(thing)) continue;
      closed.add(thing);
      await thing.close();
    }
  });
}
