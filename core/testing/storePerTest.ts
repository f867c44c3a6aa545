import { afterEach } from 'vitest';
import { openStore, type Db } from '../store/openStore.js';
import { tempHome } from './tempHome.js';

/**
 * Fresh config stores for the tests of a file: each `open()` is a new home with its store, closed
 * and removed after the test (last opened first); `defer` adds what else must close then.
 */
export function storePerTest() {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()?.();
  });
  return {
    open(): { db: Db; home: string } {
      const temp = tempHome();
      const db = openStore(temp.home);
      cleanups.push(temp.cleanup, () => db.close());
      return { db, home: temp.home };
    },
    defer: (...closings: (() => void)[]) => void cleanups.push(...closings),
  };
}
