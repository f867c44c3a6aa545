import { MIN_SCHEDULE_INTERVAL_MS } from '../models/limits.js';
import { nextRunAt, parseSchedule } from './schedule.js';

/** What decides when a sync runs by itself. */
export interface ScheduledSync {
  schedule: string | null;
  /** While set, nothing runs by schedule. */
  pausedAt: string | null;
  /** The schedule counts from here: its creation, its last schedule change, or its resume. */
  scheduleFrom: string;
}

/**
 * When a sync next runs by itself, or null (no schedule, or paused); a stored schedule that no
 * longer parses throws (the caller makes it that sync's error). The first slot is the next one after `scheduleFrom`, never "now": a new sync waits
 * for its slot so the analyst can preview it first. After a run, the slot after that run (a time
 * in the past means due now: a run missed while Ebb was closed runs once, not once per slot).
 */
export function nextScheduledRun(
  sync: ScheduledSync,
  lastRunStartedAt: string | undefined,
): Date | null {
  if (!sync.schedule || sync.pausedAt) return null;
  const schedule = parseSchedule(sync.schedule);
  const from = Date.parse(sync.scheduleFrom);
  const last = lastRunStartedAt ? Date.parse(lastRunStartedAt) : Number.NEGATIVE_INFINITY;
  const slot = nextRunAt(schedule, new Date(Math.max(from, last)));
  // A run that started late (missed while Ebb was closed, or queued behind other syncs) can leave
  // the next cron slot minutes away: that slot waits until 15 minutes after it, as DESIGN.md's
  // "at least 15 minutes between scheduled runs" says. A run started a little late (the
  // scheduler's tick) keeps its slots, so `*/15` does not drift.
  const soonest = last + MIN_SCHEDULE_INTERVAL_MS;
  return slot.getTime() < soonest - ON_TIME_SLACK_MS ? new Date(soonest) : slot;
}

/** How late a run may start and still leave the next slot as the schedule has it. */
const ON_TIME_SLACK_MS = 60_000;
