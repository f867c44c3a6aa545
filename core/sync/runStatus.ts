import type { RunStatus, RunSummary } from '../types.js';

/** The status a finished run reports, from what happened to its changes. */
export function finalStatus(outcome: {
  error: boolean;
  cancelled: boolean;
  paused: boolean;
  delivered: number;
  failed: number;
}): RunStatus {
  if (outcome.error) return 'failed';
  if (outcome.cancelled) return 'cancelled';
  if (outcome.paused) return 'paused';
  if (outcome.failed === 0) return 'succeeded';
  return outcome.delivered > 0 ? 'partial' : 'failed';
}

/** A run as it starts: running, nothing extracted, sent or failed yet, not finished. */
export function startedRun(
  run: Pick<RunSummary, 'runId' | 'sync' | 'syncId' | 'trigger' | 'startedAt'>,
): RunSummary {
  return {
    runId: run.runId,
    sync: run.sync,
    syncId: run.syncId,
    status: 'running',
    trigger: run.trigger,
    extracted: 0,
    changes: { new: 0, updated: 0, deleted: 0 },
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
