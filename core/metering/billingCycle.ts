import { EbbError } from '../errors.js';

/**
 * One billing month: from local midnight of the cycle day in the plan's time zone to local
 * midnight of the same day the next month. Instants are exact (DST-aware); days are the local
 * calendar dates the meter files usage under, so `[startDay, endDay)` selects the same records as
 * `[start, end)`.
 */
export interface BillingCycle {
  start: Date;
  end: Date;
  /** `start` as ISO 8601 UTC. */
  startIso: string;
  /** `end` as ISO 8601 UTC (exclusive). */
  endIso: string;
  /** Local date of `start`, YYYY-MM-DD: the first day of the cycle. */
  startDay: string;
  /** Local date of `end`, YYYY-MM-DD: the first day of the next cycle (exclusive). */
  endDay: string;
  cycleDay: number;
  timeZone: string;
}

export const DEFAULT_CYCLE_DAY = 1;
export const MAX_CYCLE_DAY = 28;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// A cache of immutable formatters (building one costs far more than formatting with it).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The system's time zone. Resolving it builds a DateTimeFormat, ~0.15 ms before every batch's
 * reservation (a sixth of a webhook batch's bookkeeping: core/diff/README.md, "Session 10");
 * within a process it changes only when TZ is assigned (Node then resets the zone), so it is
 * resolved again only then.
 */
export function systemTimeZone(): string {
  const tz = process.env.TZ;
  if (!resolvedZone || resolvedZone.tz !== tz) {
    resolvedZone = { tz, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  }
  return resolvedZone.zone;
}
let resolvedZone: { tz: string | undefined; zone: string } | undefined;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `timeZone` at `instant`. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value);
  }
  return wall;
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export const formatDay = (year: number, month: number, day: number): string =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The local calendar date (YYYY-MM-DD) in `timeZone` at `instant`. */
export function localDay(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return formatDay(w.year, w.month, w.day);
}

const HOUR = 3_600_000;

/**
 * The first instant of a local calendar day: local midnight, or — where a DST change skips
 * midnight (clocks jump from 00:00 to 01:00) — the moment the day begins. Where midnight happens
 * twice, the first one.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const wallMidnight = Date.UTC(year, month - 1, day);
  const offsets = new Set(
    [-36, 0, 36].map((h) => zoneOffsetMs(new Date(wallMidnight + h * HOUR), timeZone)),
  );
  const wanted = formatDay(year, month, day);
  // Each offset in force nearby gives one candidate; the earliest one that falls on the wanted
  // local date is the start of that day (exact midnight when it exists, else the DST jump).
  const candidates = [...offsets]
    .map((offset) => wallMidnight - offset)
    .filter((t) => localDay(new Date(t), timeZone) === wanted)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) {
    throw new EbbError('INTERNAL', `Could not find the start of ${wanted} in ${timeZone}.`);
  }
  return new Date(first);
}

const addMonths = (year: number, month: number, n: number): [number, number] => {
  const index = year * 12 + (month - 1) + n;
  return [Math.floor(index / 12), (index % 12) + 1];
};

export function assertCycleDay(cycleDay: number): void {
  if (!Number.isInteger(cycleDay) || cycleDay < 1 || cycleDay > MAX_CYCLE_DAY) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `The billing cycle day must be a whole number from 1 to ${MAX_CYCLE_DAY} (got ${cycleDay}); ` +
        'every month has those days.',
    );
  }
}

export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `"${timeZone}" is not a known IANA time zone. Use a name like "Europe/Berlin" or "UTC".`,
    );
  }
}

/** The billing cycle that contains `now`. Pass the Clock's reading (EBB_NOW) as `now`. */
export function cycleFor(
  now: Date,
  cycleDay: number = DEFAULT_CYCLE_DAY,
  timeZone: string = systemTimeZone(),
): BillingCycle {
  assertCycleDay(cycleDay);
  assertTimeZone(timeZone);
  if (Number.isNaN(now.getTime())) {
    throw new EbbError('INVALID_ARGUMENT', 'The current time is not a valid date (check EBB_NOW).');
  }
  const wall = wallTime(now, timeZone);
  let [year, month] = [wall.year, wall.month];
  let start = startOfLocalDay(year, month, cycleDay, timeZone);
  if (start.getTime() > now.getTime()) {
    [year, month] = addMonths(year, month, -1);
    start = startOfLocalDay(year, month, cycleDay, timeZone);
  }
  const [endYear, endMonth] = addMonths(year, month, 1);
  const end = startOfLocalDay(endYear, endMonth, cycleDay, timeZone);
  return {
    start,
    end,
    startIso: start.toISOString(),
    endIso: end.toISOString(),
    startDay: formatDay(year, month, cycleDay),
    endDay: formatDay(endYear, endMonth, cycleDay),
    cycleDay,
    timeZone,
  };
}

export const nextCycle = (cycle: BillingCycle): BillingCycle =>
  cycleFor(cycle.end, cycle.cycleDay, cycle.timeZone);

export const previousCycle = (cycle: BillingCycle): BillingCycle =>
  cycleFor(new Date(cycle.start.getTime() - 1), cycle.cycleDay, cycle.timeZone);

/** The day after a YYYY-MM-DD date (pure calendar arithmetic, no time zone involved). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return formatDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/** Every local day of the cycle, first to last. */
export function daysOfCycle(cycle: BillingCycle): string[] {
  const days: string[] = [];
  for (let day = cycle.startDay; day < cycle.endDay; day = nextDay(day)) days.push(day);
  return days;
}

/** The cycle a YYYY-MM-DD local day belongs to. */
export function cycleOfDay(day: string, cycleDay: number, timeZone: string): BillingCycle {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return cycleFor(startOfLocalDay(y, m, d, timeZone), cycleDay, timeZone);
}
