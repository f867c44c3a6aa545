import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import { serialQueue } from '../sync/serialQueue.js';
import type { WorkMemory } from './types.js';

/** How a DuckDB file is opened: the first opener's settings hold while the file stays open. */
export interface DuckDbInstanceSettings {
  memoryLimit: string;
  bulkMemoryLimit: string;
  streamMemoryLimit: string;
  readMemoryLimit: string;
  threads?: number;
}

/** One user's hold on a shared DuckDB instance; `release()` once, when done with it. */
export interface DuckDbLease {
  readonly instance: DuckDBInstance;
  /**
   * Notes the memory this user's work needs (every user starts at `normal`), and returns the
   * memory limit the instance should now have: the most any user of the file needs, since the
   * limit is the instance's, not a connection's.
   */
  workMemory(level: WorkMemory): string;
  /**
   * Runs `work` while no other user of the file runs engine SQL. DuckDB refuses a commit that
   * writes what another open transaction wrote (two syncs creating the shared `ebb_sync_meta`
   * met "Catalog write-write conflict"), so engine statements and transactions take turns;
   * reads of the model (describe, stream) need no turn.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Holds the instance to at most `threads` threads until the answered release is called (once).
   * DuckDB's `threads` is the instance's, shared by every user of the file, so the holds are
   * counted: the first saves the setting, each sets the fewest any hold asks for, and the last
   * one out restores the saved setting, in whatever order they end. Two reads saving and
   * restoring it each for itself left the file on one thread for good when they overlapped (the
   * second saved the first's 1, and restored it after the first had restored the real value).
   */
  limitThreads(threads: number): Promise<() => Promise<void>>;
  release(): void;
}

/**
 * The DuckDB files this process has open: one instance per file, shared by everyone using it.
 * Two instances on one file in one process do not see each other's writes, and the one that
 * checkpoints last wins (a sync's state was lost and it resent everything). Every user gets its
 * own connection on the shared instance, so temp tables and transactions stay apart. The file is
 * closed (and unlocked for other processes) when its last user releases it.
 */
export interface DuckDbFiles {
  acquire(file: string, settings: DuckDbInstanceSettings): Promise<DuckDbLease>;
}

interface OpenFile {
  instance: Promise<DuckDBInstance>;
  settings: DuckDbInstanceSettings;
  users: number;
  /** How many users are at each level. */
  levels: Record<WorkMemory, number>;
  turns: <T>(work: () => Promise<T>) => Promise<T>;
  threadLimits: ThreadLimits;
}

/** The file's thread holds (DuckDbLease.limitThreads). */
interface ThreadLimits {
  /** The `threads` each hold asks for. */
  holds: number[];
  /** The setting before the first hold. */
  saved: number;
  /** Changes of the setting, one at a time in the order they were asked for. */
  changes: <T>(work: () => Promise<T>) => Promise<T>;
}

export function duckDbFiles(): DuckDbFiles {
  const open = new Map<string, OpenFile>();

  const letGo = (key: string, entry: OpenFile) => {
    entry.users -= 1;
    if (entry.users > 0) return;
    open.delete(key);
    void entry.instance.then((instance) => instance.closeSync()).catch(() => undefined);
  };

  return {
    async acquire(file, settings) {
      // The real path: a symlink or `a/../b` must not open the same file twice.
      const key = fs.realpathSync(file);
      let entry = open.get(key);
      if (!entry) {
        const created: OpenFile = {
          instance: DuckDBInstance.create(key, {
            memory_limit: settings.memoryLimit,
            ...(settings.threads ? { threads: String(settings.threads) } : {}),
          }),
          settings,
          users: 0,
          levels: { read: 0, stream: 0, normal: 0, bulk: 0 },
          turns: serialQueue(),
          threadLimits: { holds: [], saved: 0, changes: serialQueue() },
        };
        entry = created;
        open.set(key, created);
        created.instance.catch(() => {
          if (open.get(key) === created) open.delete(key);
        });
      }
      const held = entry;
      held.users += 1;
      let instance: DuckDBInstance;
      try {
        instance = await held.instance;
      } catch (error) {
        held.users -= 1;
        throw error;
      }
      let mine: WorkMemory = 'normal';
      held.levels.normal += 1;
      let released = false;
      return {
        instance,
        workMemory(level) {
          if (!released) {
            held.levels[mine] -= 1;
            held.levels[level] += 1;
            mine = level;
          }
          const { settings, levels } = held;
          if (levels.bulk > 0) return settings.bulkMemoryLimit;
          if (levels.normal > 0) return settings.memoryLimit;
          return levels.stream > 0 ? settings.streamMemoryLimit : settings.readMemoryLimit;
        },
        exclusive: (work) => held.turns(work),
        limitThreads: (threads) => limitThreads(instance, held.threadLimits, threads),
        release() {
          if (released) return;
          released = true;
          held.levels[mine] -= 1;
          letGo(key, held);
        },
      };
    },
  };
}

/**
 * A hold of at most `threads` threads on `instance` (DuckDbLease.limitThreads). The setting is
 * read and set on a connection of its own, outside the file's turns: it writes nothing a
 * transaction could conflict with, and a hold taken or ended inside a transaction's turn would
 * otherwise wait for that turn.
 */
async function limitThreads(
  instance: DuckDBInstance,
  limits: ThreadLimits,
  threads: number,
): Promise<() => Promise<void>> {
  const wanted = Math.max(1, Math.floor(threads));
  const setting = async (sql: string) => {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRows();
    } finally {
      connection.closeSync();
    }
  };
  const apply = () => {
    const fewest = limits.holds.length > 0 ? Math.min(...limits.holds) : limits.saved;
    return setting(`set threads = ${fewest}`);
  };
  await limits.changes(async () => {
    if (limits.holds.length === 0) {
      const [[value] = []] = await setting(`select current_setting('threads')`);
      limits.saved = Math.max(1, Math.floor(Number(value)));
    }
    limits.holds.push(wanted);
    try {
      await apply();
    } catch (error) {
      limits.holds.splice(limits.holds.indexOf(wanted), 1);
      throw error;
    }
  });
  let ended: Promise<void> | undefined;
  return () =>
    (ended ??= limits.changes(async () => {
      limits.holds.splice(limits.holds.indexOf(wanted), 1);
      await apply();
    }));
}
