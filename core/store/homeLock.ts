import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';
import { processIdentity } from './processIdentity.js';
import { processStillRuns } from './processStillRuns.js';

export const LOCK_FILE = 'ebb.lock';
/** Held (created exclusively) while a process clears a dead holder's lock: one at a time. */
const TAKEOVER_FILE = 'ebb.lock.takeover';
/** A takeover file older than this was left by a process that died taking over (it takes ms). */
const TAKEOVER_STALE_MS = 10_000;

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

/** Test seam: runs after a dead holder's lock was read and before it is cleared. */
export interface HomeLockHooks {
  afterDeadHolderRead?: () => void;
}

const readText = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

function parseHolder(text: string | undefined): LockHolder | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as LockHolder);
  } catch {
    return undefined;
  }
}

const sleepMs = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Creates `file` holding `text` whole or not at all: written under a name of its own, then
 * hard-linked into place (a link fails if the name exists). A reader never sees it half-written,
 * which a plain exclusive create followed by a write allowed: another process reading the empty
 * file in between took it for a crash's leftover and removed a live lock.
 */
function createWhole(file: string, text: string): boolean {
  const own = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(own, text, { mode: 0o600 });
  try {
    fs.linkSync(own, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(own, { force: true });
  }
}

/**
 * Removes the lock file only if it still holds `deadText` (the dead holder's lock read before),
 * one process at a time: without that, two processes that both found the same dead holder could
 * each clear the lock, the second removing the one the first had just taken, and both go on
 * holding the home.
 */
function clearDeadLock(file: string, deadText: string | undefined): void {
  const takeover = path.join(path.dirname(file), TAKEOVER_FILE);
  for (let waited = 0; ; waited += 5) {
    if (createWhole(takeover, String(process.pid))) break;
    const age = Date.now() - (fs.statSync(takeover, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age > TAKEOVER_STALE_MS) fs.rmSync(takeover, { force: true });
    else if (waited > 2 * TAKEOVER_STALE_MS) return;
    else sleepMs(5);
  }
  try {
    if (readText(file) === deadText) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

/**
 * Takes the write lock on a home folder, so two Ebb processes never write one store at once.
 * A lock left by a dead process is taken over; a live holder is named in the error.
 */
export function acquireHomeLock(home: string, role: string, hooks: HomeLockHooks = {}): HomeLock {
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
    if (createWhole(file, JSON.stringify(me))) {
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          const holder = parseHolder(readText(file));
          if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    }
    const text = readText(file);
    const holder = parseHolder(text);
    if (holder && holder.pid !== process.pid && processStillRuns(holder.pid, holder.process)) {
      throw new EbbError(
        'LOCKED',
        `Another Ebb process is using ${home}: ${holder.role} (pid ${holder.pid}, since ${holder.startedAt}). ` +
          `Close it first, or use another --home. If no Ebb is running, remove ${file}.`,
      );
    }
    // The holder is gone (or the file was cut short by a crash): clear it and try again.
    hooks.afterDeadHolderRead?.();
    clearDeadLock(file, text);
  }
  throw new EbbError('LOCKED', `Could not take the lock ${file}; remove it if no Ebb is running.`);
}
