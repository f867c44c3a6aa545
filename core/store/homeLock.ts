import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';
import { processIdentity } from './processIdentity.js';
import { processStillRuns } from './processStillRuns.js';

export const LOCK_FILE = 'ebb.lock';

export interface LockHolder {
  pid: number;
  role: string;
  startedAt: string;
  /** processIdentity() of the holder: a later process reusing its pid does not match it. */
  process?: string;
}

export interface HomeLock {
  release(): void;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Takes the write lock on a home folder, so two Ebb processes never write one store at once.
 * A lock left by a dead process is taken over; a live holder is named in the error.
 */
export function acquireHomeLock(home: string, role: string): HomeLock {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, LOCK_FILE);
  const identity = processIdentity(process.pid);
  const me: LockHolder = {
    pid: process.pid,
    role,
    startedAt: new Date().toISOString(),
    ...(identity === undefined ? {} : { process: identity }),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          const holder = readHolder(file);
          if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && processStillRuns(holder.pid, holder.process)) {
        throw new EbbError(
          'LOCKED',
          `Another Ebb process is using ${home}: ${holder.role} (pid ${holder.pid}, since ${holder.startedAt}). ` +
            `Close it first, or use another --home. If no Ebb is running, remove ${file}.`,
        );
      }
      // The holder is gone (or the file is half-written by a crash): clear it and try again.
      fs.rmSync(file, { force: true });
    }
  }
  throw new EbbError('LOCKED', `Could not take the lock ${file}; remove it if no Ebb is running.`);
}
