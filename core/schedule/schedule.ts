import { Cron } from 'croner';
import { EbbError } from '../errors.js';
import { MIN_SCHEDULE_INTERVAL_MS } from '../models/limits.js';

export type Schedule =
  { kind: 'interval'; spec: string; everyMs: number } | { kind: 'cron'; spec: string; cron: Cron };

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * At least one run a year: a longer interval is almost surely a typo, and a date that far out
 * leaves the range JavaScript dates can hold ("100000000d" broke every listing).
 */
export const MAX_SCHEDULE_GAP_MS = 366 * UNIT_MS.d;

function tooRare(spec: string): EbbError {
  return new EbbError(
    'INVALID_ARGUMENT',
    `The schedule "${spec}" runs less than once a year; a schedule runs at least every 366 days ` +
      '(e.g. 365d, or a cron expression such as "0 0 1 1 *").',
  );
}

/** How far ahead a cron expression is checked for two runs closer than the minimum gap. */
const CRON_CHECK_RUNS = 1500;

function tooFrequent(spec: string, gapMs: number): EbbError {
  const minutes = Math.round((gapMs / 60_000) * 10) / 10;
  return new EbbError(
    'INVALID_ARGUMENT',
    `The schedule "${spec}" can run ${minutes} minutes apart; syncs run at most every 15 minutes. ` +
      'Use e.g. 15m, 1h, 1d, or a cron expression such as "*/15 * * * *".',
  );
}

/**
 * Parses `15m` / `1h` / `1d` intervals or a 5-field cron expression, refusing anything that
 * could fire more often than every 15 minutes.
 */
export function parseSchedule(spec: string): Schedule {
  const text = spec.trim();
  const interval = /^(\d+)\s*(m|h|d)$/i.exec(text);
  if (interval) {
    const everyMs =
      Number(interval[1]) * UNIT_MS[interval[2]!.toLowerCase() as keyof typeof UNIT_MS];
    if (everyMs < MIN_SCHEDULE_INTERVAL_MS) throw tooFrequent(text, everyMs);
    if (!(everyMs <= MAX_SCHEDULE_GAP_MS)) throw tooRare(text);
    return { kind: 'interval', spec: text, everyMs };
  }
  if (text.split(/\s+/).length !== 5) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `"${text}" is not a schedule: use an interval (15m, 1h, 1d) or a 5-field cron expression ("0 * * * *").`,
    );
  }
  let cron: Cron;
  try {
    cron = new Cron(text, { paused: true, mode: '5-part' });
  } catch (error) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `"${text}" is not a valid cron expression: ${(error as Error).message}.`,
    );
  }
  const from = new Date(Date.UTC(2026, 0, 1));
  const runs = cron.nextRuns(CRON_CHECK_RUNS, from);
  // A date that never comes ("0 0 30 2 *") or comes once in years (29 February) is refused too.
  if (runs.length === 0 || runs[0]!.getTime() - from.getTime() > MAX_SCHEDULE_GAP_MS) {
    throw tooRare(text);
  }
  for (let i = 1; i < runs.length; i++) {
    const gap = runs[i]!.getTime() - runs[i - 1]!.getTime();
    if (gap < MIN_SCHEDULE_INTERVAL_MS) throw tooFrequent(text, gap);
    if (gap > MAX_SCHEDULE_GAP_MS) throw tooRare(text);
  }
  return { kind: 'cron', spec: text, cron };
}

/**
 * When a schedule next fires. `lastRunAt` is the start of the sync's last run (or its creation
 * when it never ran). A time in the past means due now: a run missed while Ebb was closed runs
 * once on start, not once per missed slot.
 */
export function nextRunAt(schedule: Schedule, lastRunAt: Date | null): Date {
  if (schedule.kind === 'interval') {
    return lastRunAt ? new Date(lastRunAt.getTime() + schedule.everyMs) : new Date(0);
  }
  const after = lastRunAt ?? new Date(0);
  return schedule.cron.nextRun(after) ?? new Date(8.64e15);
}
