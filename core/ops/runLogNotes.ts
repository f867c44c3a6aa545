import type { Db } from '../store/openStore.js';

/** What became of the staged changes a batch held (record_log's `status`). */
export type RecordStatus = 'delivered' | 'failed' | 'quarantined' | 'in_doubt' | 'rejected';

/** Seq ranges of the plan's staging table that share one outcome. */
export interface RecordOutcome {
  ranges: readonly (readonly [number, number])[];
  status: RecordStatus;
  error: string | null;
}

export interface RunLogNote {
  lo: number;
  hi: number;
  status: RecordStatus;
  error: string | null;
  attemptedAt: string;
}

/**
 * The config store's notes of what logged runs attempted (migration 0012), until they are written
 * into the warehouse (runLogWriter.ts). Kept locally for the same reason as the acknowledgements:
 * one tiny insert per batch, durable across a crash, where the warehouse would need a round trip.
 */
export function runLogNotes(db: Db) {
  const insertNote = db.prepare(
    `insert into run_log_notes (run_id, lo, hi, status, error, attempted_at)
     values (?, ?, ?, ?, ?, ?) returning id`,
  );
  const deleteNote = db.prepare('delete from run_log_notes where id = ?');
  const note = (runId: string, outcome: RecordOutcome, at: string): number[] =>
    outcome.ranges.map(
      ([lo, hi]) =>
        (insertNote.get(runId, lo, hi, outcome.status, outcome.error, at) as { id: number }).id,
    );
  const settle = db.transaction(
    (
      runId: string,
      sendingIds: readonly number[],
      outcomes: readonly RecordOutcome[],
      at: string,
    ) => {
      for (const id of sendingIds) deleteNote.run(id);
      for (const outcome of outcomes) note(runId, outcome, at);
    },
  );
  return {
    /** A logged run starts: it is written to the warehouse even if it attempts nothing. */
    start(syncId: string, runId: string, at: string): void {
      db.prepare(
        'insert or ignore into run_log_pending (run_id, sync_id, created_at) values (?, ?, ?)',
      ).run(runId, syncId, at);
    },
    /** A batch leaves: noted in doubt until settle() replaces it with its outcomes. */
    sending(runId: string, ranges: readonly (readonly [number, number])[], at: string): number[] {
      return db.transaction(() => note(runId, { ranges, status: 'in_doubt', error: null }, at))();
    },
    /** A batch's answer is in (call inside the transaction that settles its acknowledgements). */
    settle(
      runId: string,
      sendingIds: readonly number[],
      outcomes: readonly RecordOutcome[],
      at: string,
    ): void {
      settle(runId, sendingIds, outcomes, at);
    },
    /** The runs of a sync still to be written to the warehouse, oldest first. */
    pending(syncId: string): string[] {
      return (
        db
          .prepare(
            'select run_id from run_log_pending where sync_id = ? order by created_at, rowid',
          )
          .all(syncId) as { run_id: string }[]
      ).map((row) => row.run_id);
    },
    notes(runId: string): RunLogNote[] {
      return (
        db
          .prepare(
            'select lo, hi, status, error, attempted_at from run_log_notes where run_id = ? order by lo',
          )
          .all(runId) as {
          lo: number;
          hi: number;
          status: RecordStatus;
          error: string | null;
          attempted_at: string;
        }[]
      ).map((row) => ({
        lo: row.lo,
        hi: row.hi,
        status: row.status,
        error: row.error,
        attemptedAt: row.attempted_at,
      }));
    },
    /** The run is in the warehouse (or given up): its notes go. */
    done(runId: string): void {
      db.prepare('delete from run_log_pending where run_id = ?').run(runId);
    },
    /** Logging was turned off: what was not written yet is dropped. */
    discard(syncId: string): void {
      db.prepare('delete from run_log_pending where sync_id = ?').run(syncId);
    },
  };
}

export type RunLogNotes = ReturnType<typeof runLogNotes>;
