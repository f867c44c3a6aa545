import type { RunSummary } from '../types.js';
import type { Clock } from '../ports.js';
import type { SyncRow } from '../store/syncsRepo.js';
import { nextScheduledRun } from './nextScheduledRun.js';

export interface SchedulerDeps {
  clock: Clock;
  listSyncs(): SyncRow[];
  /** The sync as stored now (undefined once removed). */
  findSync(syncId: string): SyncRow | undefined;
  lastRunStartedAt(syncId: string): string | undefined;
  isRunning(syncId: string): boolean;
  /** Why scheduled runs should not start now (the plan's limit is reached), or null. */
  skipReason(): string | null;
  run(syncId: string): Promise<RunSummary>;
  log(line: string): void;
}

export interface Scheduler {
  /** Runs every due sync once; answers the runs it started. */
  tick(): Promise<RunSummary[]>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * Runs syncs on their schedules: every tick, each sync whose next run time has passed runs once
 * (so a run missed while Ebb was closed runs once on start). A paused sync never runs here, and a
 * new one waits for its first slot after creation. Used by the app's main process and
 * by `ebb scheduler`.
 */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<RunSummary[]> | undefined;
  const skipped = new Map<string, string>();

  const due = (sync: SyncRow, now: Date): boolean => {
    if (!sync.schedule || sync.pausedAt || deps.isRunning(sync.id)) return false;
    try {
      const next = nextScheduledRun(sync, deps.lastRunStartedAt(sync.id));
      return next !== null && next <= now;
    } catch (error) {
      // A bad stored schedule stops that sync only; say so once, not on every tick.
      const reason = `schedule error: ${(error as Error).message}`;
      if (skipped.get(sync.id) !== reason) deps.log(`Not running "${sync.name}": ${reason}`);
      skipped.set(sync.id, reason);
      return false;
    }
  };

  const tickOnce = async (): Promise<RunSummary[]> => {
    const now = deps.clock();
    const started: RunSummary[] = [];
    for (const listed of deps.listSyncs()) {
      // Read again: the runs before it in this tick take time, in which the sync may have been
      // paused, rescheduled or removed (the list is as it was when the tick began).
      const sync = deps.findSync(listed.id);
      if (!sync || !due(sync, now)) continue;
      const reason = deps.skipReason();
      if (reason) {
        if (skipped.get(sync.id) !== reason)
          deps.log(`Skipped scheduled run of "${sync.name}": ${reason}`);
        skipped.set(sync.id, reason);
        continue;
      }
      skipped.delete(sync.id);
      try {
        const run = await deps.run(sync.id);
        deps.log(
          `Scheduled run of "${sync.name}": ${run.status}, ${run.delivered} delivered, ${run.failed} failed, ${run.pending} pending.`,
        );
        started.push(run);
      } catch (error) {
        deps.log(`Scheduled run of "${sync.name}" did not start: ${(error as Error).message}`);
      }
    }
    return started;
  };

  const tick = () => {
    ticking ??= tickOnce().finally(() => (ticking = undefined));
    return ticking;
  };

  return {
    tick,
    start(intervalMs = 30_000) {
      void tick();
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
  };
}
