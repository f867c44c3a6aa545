import type { Db } from '../store/openStore.js';
import { newId } from '../store/rows.js';
import { runsRepo } from '../store/runsRepo.js';
import type { RunSummary } from '../types.js';

type RunningRunFields = Pick<
  RunSummary,
  'runId' | 'sync' | 'syncId' | 'trigger' | 'extracted' | 'startedAt'
>;

/**
 * What a process killed mid-run leaves in the store: the run's summary still marked running, its
 * `extracted` records all new, nothing of them sent, finished or failed yet.
 */
export function runningRun(run: RunningRunFields): RunSummary {
  return {
    runId: run.runId,
    sync: run.sync,
    syncId: run.syncId,
    status: 'running',
    trigger: run.trigger,
    extracted: run.extracted,
    changes: { new: run.extracted, updated: 0, deleted: 0 },
    delivered: 0,
    failed: 0,
    rejected: 0,
    pending: 0,
    startedAt: run.startedAt,
    finishedAt: null,
    durationMs: null,
    errors: [],
  };
}

/** Saves a `runningRun` of a new id in the store `db` (as this process's run); answers the id. */
export function saveRunningRun(db: Db, run: Omit<RunningRunFields, 'runId'>): string {
  const runId = newId();
  runsRepo(db).save(runningRun({ runId, ...run }));
  return runId;
}
