import type { Db } from './openStore.js';

type Ranges = readonly [number, number][];

/**
 * The delivery log of each sync's current plan, kept in the config store (one tiny local insert
 * per batch, where the warehouse would need a round trip and a commit):
 *
 * - in doubt: seq ranges noted before a batch is sent, removed when its answer is in;
 * - acknowledged: seq ranges the destination confirmed.
 *
 * Both are applied to the warehouse's state in bulk at the end of a run, or before the next plan
 * after a crash: acknowledged changes are committed, changes still in doubt are marked so the
 * next plan resends them (core/diff/README.md).
 */
export function syncAcksRepo(db: Db) {
  const insertAck = db.prepare('insert into sync_acks (sync_id, lo, hi) values (?, ?, ?)');
  const insertDoubt = db.prepare(
    'insert into sync_doubts (sync_id, lo, hi) values (?, ?, ?) returning id',
  );
  const deleteDoubt = db.prepare('delete from sync_doubts where id = ?');
  const add = db.transaction((syncId: string, ranges: Ranges) => {
    for (const [lo, hi] of ranges) insertAck.run(syncId, lo, hi);
  });
  const noteInDoubt = db.transaction((syncId: string, ranges: Ranges): number[] =>
    ranges.map(([lo, hi]) => (insertDoubt.get(syncId, lo, hi) as { id: number }).id),
  );
  const settle = db.transaction(
    (syncId: string, doubtIds: readonly number[], acked: Ranges, unanswered: Ranges) => {
      for (const [lo, hi] of acked) insertAck.run(syncId, lo, hi);
      for (const id of doubtIds) deleteDoubt.run(id);
      for (const [lo, hi] of unanswered) insertDoubt.run(syncId, lo, hi);
    },
  );
  const listRanges = (table: 'sync_acks' | 'sync_doubts', syncId: string): [number, number][] =>
    (
      db.prepare(`select lo, hi from ${table} where sync_id = ? order by lo`).all(syncId) as {
        lo: number;
        hi: number;
      }[]
    ).map((row) => [row.lo, row.hi]);
  const clear = db.transaction((syncId: string) => {
    db.prepare('delete from sync_acks where sync_id = ?').run(syncId);
    db.prepare('delete from sync_doubts where sync_id = ?').run(syncId);
  });
  return {
    add(syncId: string, ranges: Ranges): void {
      if (ranges.length > 0) add(syncId, ranges);
    },
    /** Notes ranges about to be sent; answers the notes' ids for settle(). */
    noteInDoubt(syncId: string, ranges: Ranges): number[] {
      return ranges.length > 0 ? noteInDoubt(syncId, ranges) : [];
    },
    /**
     * A batch's answer is in: its acknowledged ranges are kept and its doubt notes replaced by the
     * ranges still unanswered (the records the destination could not say anything about).
     */
    settle(
      syncId: string,
      doubtIds: readonly number[],
      acknowledged: Ranges,
      unanswered: Ranges = [],
    ): void {
      settle(syncId, doubtIds, acknowledged, unanswered);
    },
    list: (syncId: string) => listRanges('sync_acks', syncId),
    inDoubt: (syncId: string) => listRanges('sync_doubts', syncId),
    /** Forgets both logs (after they were applied to the warehouse, or on reset). */
    clear(syncId: string): void {
      clear(syncId);
    },
  };
}

export type SyncAcksRepo = ReturnType<typeof syncAcksRepo>;
