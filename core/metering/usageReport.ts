import { systemClock, type Clock } from '../ports.js';
import type { Db } from '../store/openStore.js';
import {
  cycleFor,
  cycleOfDay,
  daysOfCycle,
  localDay,
  nextCycle,
  type BillingCycle,
} from './billingCycle.js';
import { cycleAt } from './cycleAt.js';
import { monthlyLimit, planRepo, type PlanName, type PlanRepo } from './plans.js';

export interface UsageCounts {
  /** delivered + failed + unconfirmed. */
  processed: number;
  delivered: number;
  failed: number;
  /** Reserved by a run that ended without reporting the outcome: attempted, outcome unknown. */
  unconfirmed: number;
}

export interface DayUsage {
  day: string;
  processed: number;
}

export interface UsageProjection {
  /** Average of the last (up to 7) complete days of the cycle; today's count on its first day. */
  observedPerDay: number;
  /** The caller's estimate from the schedules. */
  expectedPerDay: number;
  /** The larger of the two: the projection warns early rather than late. */
  perDay: number;
  /** Days (fractional) from now to the cycle's end. */
  daysLeft: number;
  projectedTotal: number;
  wouldExceed: boolean;
  /** Local day the limit would be reached, if it would be within this cycle. */
  limitReachedDay: string | null;
}

/** CLI.md's Usage JSON, plus fields for the Usage & Billing view. */
export interface UsageReport {
  plan: PlanName;
  limit: number;
  cycleStart: string;
  cycleEnd: string;
  used: number;
  remaining: number;
  paused: boolean;
  byDestination: ({ destination: string } & UsageCounts)[];
  // Beyond the CLI contract:
  timeZone: string;
  cycleDay: number;
  /** First and last local day of the cycle (inclusive). */
  firstDay: string;
  lastDay: string;
  /** Records in flight (open reservations); part of `used`, not yet of any breakdown. */
  reserved: number;
  /** used / limit in percent, one decimal, rounded down. */
  percent: number;
  /** At or past 80% of the limit. */
  warning: boolean;
  byDay: DayUsage[];
  bySync: ({ sync: string } & UsageCounts)[];
  /** Only for the cycle that contains `now`. */
  projection: UsageProjection | null;
}

export interface CycleSummary {
  cycleStart: string;
  cycleEnd: string;
  firstDay: string;
  lastDay: string;
  used: number;
  limit: number;
}

export interface ReportOptions {
  /** Records/day the caller expects from the syncs' schedules, for the projection. */
  expectedPerDay?: number;
}

export interface ReportsOptions {
  clock?: Clock;
  plans?: PlanRepo;
  /** Maps ids to display names; ids are kept where it returns undefined. */
  destinationName?: (id: string) => string | undefined;
  syncName?: (id: string) => string | undefined;
}

export const WARNING_PERCENT = 80;
const DAY_MS = 86_400_000;
const RECENT_DAYS = 7;

/** Projects the cycle's end total from recent daily usage and the caller's schedule estimate. */
export function projectUsage(input: {
  used: number;
  limit: number;
  now: Date;
  cycle: BillingCycle;
  byDay: DayUsage[];
  expectedPerDay?: number;
}): UsageProjection {
  const { used, limit, now, cycle, byDay } = input;
  const today = localDay(now, cycle.timeZone);
  // Days before the first usage say nothing about the pace: count from the first busy day.
  const firstBusy = byDay.findIndex((d) => d.processed > 0);
  const sinceFirstUse = firstBusy < 0 ? [] : byDay.slice(firstBusy);
  const complete = sinceFirstUse.filter((d) => d.day < today).slice(-RECENT_DAYS);
  const observedPerDay =
    complete.length > 0
      ? complete.reduce((sum, d) => sum + d.processed, 0) / complete.length
      : (byDay.find((d) => d.day === today)?.processed ?? 0);
  const expectedPerDay = Math.max(0, input.expectedPerDay ?? 0);
  const perDay = Math.max(observedPerDay, expectedPerDay);
  const daysLeft = Math.max(0, (cycle.end.getTime() - now.getTime()) / DAY_MS);
  // At the limit syncs are paused: nothing more goes out this cycle, whatever the pace was.
  const paused = used >= limit;
  const projectedTotal = paused ? used : used + Math.round(perDay * daysLeft);
  let limitReachedDay: string | null = null;
  if (paused) limitReachedDay = today;
  else if (perDay > 0 && projectedTotal >= limit) {
    const at = new Date(now.getTime() + ((limit - used) / perDay) * DAY_MS);
    limitReachedDay = localDay(
      at < cycle.end ? at : new Date(cycle.end.getTime() - 1),
      cycle.timeZone,
    );
  }
  return {
    observedPerDay: Math.round(observedPerDay),
    expectedPerDay,
    perDay: Math.round(perDay),
    daysLeft: Math.round(daysLeft * 100) / 100,
    projectedTotal,
    wouldExceed: !paused && projectedTotal > limit,
    limitReachedDay,
  };
}

interface CountsRow {
  key: string;
  delivered: number;
  failed: number;
  unconfirmed: number;
}

const toCounts = (row: CountsRow): UsageCounts => ({
  processed: row.delivered + row.failed + row.unconfirmed,
  delivered: row.delivered,
  failed: row.failed,
  unconfirmed: row.unconfirmed,
});

const byProcessed = (a: UsageCounts & { key: string }, b: UsageCounts & { key: string }) =>
  b.processed - a.processed || a.key.localeCompare(b.key);

/** Usage reports over the meter's tables: the current cycle, any past one, and the history. */
export function usageReports(db: Db, options: ReportsOptions = {}) {
  const clock = options.clock ?? systemClock;
  const plans = options.plans ?? planRepo(db);
  const destinationName = options.destinationName ?? (() => undefined);
  const syncName = options.syncName ?? (() => undefined);

  const grouped = (column: 'destination_id' | 'sync_id') =>
    db.prepare(
      `select ${column} as key, sum(delivered) as delivered, sum(failed) as failed,
              sum(unconfirmed) as unconfirmed
       from usage_meter where day >= ? and day < ? group by ${column}`,
    );
  const byDestinationSql = grouped('destination_id');
  const bySyncSql = grouped('sync_id');
  const byDaySql = db.prepare(
    `select day, sum(delivered + failed + unconfirmed) as processed
     from usage_meter where day >= ? and day < ? group by day`,
  );
  const reservedSql = db.prepare(
    "select coalesce(sum(granted), 0) as n from usage_reservations where state = 'open' and day >= ? and day < ?",
  );
  const firstDaySql = db.prepare(
    `select min(day) as day from (select min(day) as day from usage_meter
     union all select min(day) from usage_reservations)`,
  );

  const report = (cycle: BillingCycle, now: Date, reportOptions: ReportOptions): UsageReport => {
    const plan = plans.get();
    const limit = monthlyLimit(plan);
    const window = [cycle.startDay, cycle.endDay] as const;
    const counts = (sql: typeof byDestinationSql) =>
      (sql.all(...window) as CountsRow[]).map((row) => ({ key: row.key, ...toCounts(row) }));
    const destinations = counts(byDestinationSql).sort(byProcessed);
    const syncs = counts(bySyncSql).sort(byProcessed);
    const perDay = new Map(
      (byDaySql.all(...window) as DayUsage[]).map((row) => [row.day, row.processed]),
    );
    const days = daysOfCycle(cycle);
    const byDay = days.map((day) => ({ day, processed: perDay.get(day) ?? 0 }));
    const reserved = (reservedSql.get(...window) as { n: number }).n;
    const used = destinations.reduce((sum, d) => sum + d.processed, 0) + reserved;
    const current = now >= cycle.start && now < cycle.end;
    return {
      plan: plan.plan,
      limit,
      cycleStart: cycle.startIso,
      cycleEnd: cycle.endIso,
      used,
      remaining: Math.max(0, limit - used),
      paused: used >= limit,
      byDestination: destinations.map(({ key, ...rest }) => ({
        destination: destinationName(key) ?? key,
        ...rest,
      })),
      timeZone: cycle.timeZone,
      cycleDay: cycle.cycleDay,
      firstDay: days[0] ?? cycle.startDay,
      lastDay: days[days.length - 1] ?? cycle.startDay,
      reserved,
      percent: limit > 0 ? Math.floor((used * 1000) / limit) / 10 : 100,
      warning: used * 100 >= WARNING_PERCENT * limit,
      byDay,
      bySync: syncs.map(({ key, ...rest }) => ({ sync: syncName(key) ?? key, ...rest })),
      projection: current
        ? projectUsage({
            used,
            limit,
            now,
            cycle,
            byDay,
            ...(reportOptions.expectedPerDay !== undefined
              ? { expectedPerDay: reportOptions.expectedPerDay }
              : {}),
          })
        : null,
    };
  };

  const planCycle = (at: Date): BillingCycle => {
    const plan = plans.get();
    return cycleFor(at, plan.cycleDay, plan.timeZone);
  };

  return {
    /** The cycle containing `now` (default: the clock, so EBB_NOW). */
    usageReport(now: Date = clock(), reportOptions: ReportOptions = {}): UsageReport {
      return report(planCycle(now), now, reportOptions);
    },
    /**
     * The cycle that starts at (or contains) `cycleStart`, under the current plan's cycle day: an
     * instant, or a YYYY-MM-DD day in the plan's time zone (cycleAt.ts).
     */
    usageForCycle(cycleStart: Date | string, reportOptions: ReportOptions = {}): UsageReport {
      return report(cycleAt(cycleStart, plans.get()), clock(), reportOptions);
    },
    /** Every cycle from the first metered day to the current one, newest first. */
    cycles(now: Date = clock()): CycleSummary[] {
      const plan = plans.get();
      const limit = monthlyLimit(plan);
      const current = cycleFor(now, plan.cycleDay, plan.timeZone);
      const first = (firstDaySql.get() as { day: string | null }).day;
      let cycle =
        first && first < current.startDay
          ? cycleOfDay(first, plan.cycleDay, plan.timeZone)
          : current;
      const summaries: CycleSummary[] = [];
      for (;;) {
        const r = report(cycle, now, {});
        summaries.push({
          cycleStart: r.cycleStart,
          cycleEnd: r.cycleEnd,
          firstDay: r.firstDay,
          lastDay: r.lastDay,
          used: r.used,
          limit,
        });
        if (cycle.startIso >= current.startIso) break;
        cycle = nextCycle(cycle);
      }
      return summaries.reverse();
    },
  };
}

export type UsageReports = ReturnType<typeof usageReports>;
