import type { RunSummary } from '../types.js';
import { parseSchedule } from '../schedule/schedule.js';
import type { SyncRow } from '../store/syncsRepo.js';

const DAY_MS = 86_400_000;

/** Scheduled runs per day: exact for intervals, counted over the next day for cron. */
export function runsPerDay(spec: string, now: Date): number {
  const schedule = parseSchedule(spec);
  if (schedule.kind === 'interval') return DAY_MS / schedule.everyMs;
  const end = now.getTime() + DAY_MS;
  return schedule.cron.nextRuns(200, now).filter((run) => run.getTime() <= end).length;
}

/**
 * Records per day the schedules will likely process: each scheduled, unpaused sync's runs per day
 * times the records its recent runs attempted. Feeds the end-of-cycle projection.
 */
export function expectedDailyRecords(
  syncs: readonly SyncRow[],
  recentRuns: (syncId: string) => readonly RunSummary[],
  now: Date,
): number {
  let total = 0;
  for (const sync of syncs) {
    // A paused schedule runs nothing by itself: it adds nothing until it is resumed.
    if (!sync.schedule || sync.pausedAt !== null) continue;
    const runs = recentRuns(sync.id).filter((run) => run.status !== 'running');
    if (runs.length === 0) continue;
    const average = runs.reduce((sum, run) => sum + run.delivered + run.failed, 0) / runs.length;
    try {
      total += runsPerDay(sync.schedule, now) * average;
    } catch {
      // A schedule stored before a rule change: it does not run, so it adds nothing.
    }
  }
  return Math.round(total);
}
