import type { SyncStateRef } from '../diff/stateTables.js';
import { EbbError } from '../errors.js';
import type { RunSummary } from '../types.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { RunLogNotes } from './runLogNotes.js';
import { applyLogRetention, writeRunLog } from './runLogWriter.js';

const DAY_MS = 86_400_000;

export interface PendingRunLogs {
  notes: RunLogNotes;
  /** A run's summary as saved (a crashed run's was closed as failed when Ebb started again). */
  savedRun(runId: string): RunSummary | undefined;
  syncId: string;
  retentionDays: number;
  now: Date;
}

/**
 * Writes every run of a sync still noted in the config store into the warehouse, oldest first,
 * then deletes what is past the sync's retention. `current` is the run that just finished (its
 * summary is final but not saved yet); `except` a run still going, not written now.
 *
 * The notes refer to the staging table of the latest plan, so this runs at the end of a run and
 * again before the next plan (a run killed mid-way is written then, with what it attempted).
 */
export async function writePendingRunLogs(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  pending: PendingRunLogs,
  { current, except }: { current?: RunSummary; except?: string } = {},
): Promise<void> {
  const runIds = pending.notes.pending(pending.syncId).filter((id) => id !== except);
  if (runIds.length === 0) return;
  try {
    for (const runId of runIds) {
      const run = runId === current?.runId ? current : pending.savedRun(runId);
      if (run) await writeRunLog(adapter, ref, { run, notes: pending.notes.notes(runId) });
      pending.notes.done(runId);
    }
    await applyLogRetention(
      adapter,
      ref.stateSchema,
      pending.syncId,
      new Date(pending.now.getTime() - pending.retentionDays * DAY_MS),
    );
  } catch (error) {
    if (error instanceof EbbError && error.code === 'PERMISSION_DENIED') throw error;
    throw new EbbError(
      'WAREHOUSE_ERROR',
      `The sync log could not be written to ${ref.stateSchema}.record_log: ${(error as Error).message}. It is kept and written by the next run; turn off Log to warehouse to sync without it.`,
    );
  }
}
