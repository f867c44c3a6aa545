import type { Db } from './openStore.js';

/**
 * Acknowledged staged changes (seq ranges) per sync, kept in the config store: one tiny local
 * insert per batch, where the warehouse would need a round trip and a commit. They are applied
 * to the warehouse's state in bulk at the end of a run, or before the next plan after a crash.
 */
export function syncAcksRepo(db: Db) {
  const insert = db.prepare('insert into sync_acks (sync_id, lo, hi) values (?, ?, ?)');
  const add = db.transaction((syncId: string, ranges: readonly [number, number][]) => {
    for (const [lo, hi] of ranges) insert.run(syncId, lo, hi);
  });
  return {
    add(syncId: string, ranges: readonly [number, number][]): void {
      if (ranges.length > 0) add(syncId, ranges);
    },
    list(syncId: string): [number, number][] {
      return (
        db.prepare('select lo, hi from sync_acks where sync_id = ? order by lo').all(syncId) as {
          lo: number;
          hi: number;
        }[]
      ).map((row) => [row.lo, row.hi]);
    },
    clear(syncId: string): void {
      db.prepare('delete from sync_acks where sync_id = ?').run(syncId);
    },
  };
}

export type SyncAcksRepo = ReturnType<typeof syncAcksRepo>;
