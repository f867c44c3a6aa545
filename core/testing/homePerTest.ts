import { afterEach } from 'vitest';
import { tempHome } from './tempHome.js';

/** A fresh home folder per call, removed after the test that asked for it. */
export function homePerTest(prefix?: string): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const temp = tempHome(prefix);
    cleanups.push(temp.cleanup);
    return temp.home;
  };
}
