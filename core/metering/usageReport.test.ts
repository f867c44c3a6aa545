import { describe, expect, test } from 'vitest';
import { storePerTest } from '../testing/storePerTest.js';
import { cycleFor } from './billingCycle.js';
import { planRepo, type PlanConfig } from './plans.js';
import { usageMeter } from './usageMeter.js';
import { projectUsage, usageReports } from './usageReport.js';

const stores = storePerTest();

function setup(plan: PlanConfig = { plan: 'custom', limit: 1_000, timeZone: 'UTC' }) {
  const { db } = stores.open();
  planRepo(db).set(plan);
  const clock = { now: new Date('2026-02-10T12:00:00Z') };
  const meter = usageMeter(db, { clock: () => clock.now });
  const reports = usageReports(db, {
    clock: () => clock.now,
    destinationName: (id) => ({ 'dest-a': 'CRM' })[id],
  });
  /** Meters one batch at `iso`. */
  const send = (
    iso: string,
    where: { run: string; sync: string; dest: string },
    delivered: number,
    failed = 0,
  ) => {
    clock.now = new Date(iso);
    const r = meter.reserve({
      runId: where.run,
      syncId: where.sync,
      destinationId: where.dest,
      requested: delivered + failed,
    });
    if (r.reservationId) meter.settle(r.reservationId, { delivered, failed });
    return r;
  };
  return { db, clock, meter, reports, send };
}

const a = { run: 'r1', sync: 'orders', dest: 'dest-a' };
const b = { run: 'r2', sync: 'users', dest: 'dest-b' };

describe('usageReport', () => {
  test("has CLI.md's Usage fields, summed per destination and sync", () => {
    const { reports, send, meter } = setup();
    send('2026-02-02T10:00:00Z', a, 300, 20);
    send('2026-02-03T10:00:00Z', a, 100);
    send('2026-02-03T11:00:00Z', b, 50, 30);
    meter.reserve({ runId: 'r3', syncId: 'users', destinationId: 'dest-b', requested: 40 });
    const report = reports.usageReport(new Date('2026-02-10T12:00:00Z'));
    expect(report).toMatchObject({
      plan: 'custom',
      limit: 1_000,
      cycleStart: '2026-02-01T00:00:00.000Z',
      cycleEnd: '2026-03-01T00:00:00.000Z',
      used: 540,
      remaining: 460,
      paused: false,
      byDestination: [
        { destination: 'CRM', processed: 420, delivered: 400, failed: 20, unconfirmed: 0 },
        { destination: 'dest-b', processed: 80, delivered: 50, failed: 30, unconfirmed: 0 },
      ],
      bySync: [
        { sync: 'orders', processed: 420, delivered: 400, failed: 20 },
        { sync: 'users', processed: 80, delivered: 50, failed: 30 },
      ],
      reserved: 40,
      percent: 54,
      warning: false,
      timeZone: 'UTC',
      cycleDay: 1,
      firstDay: '2026-02-01',
      lastDay: '2026-02-28',
    });
    for (const key of ['plan', 'limit', 'cycleStart', 'cycleEnd', 'used', 'remaining', 'paused']) {
      expect(report).toHaveProperty(key);
    }
  });

  test('byDay covers every day of the cycle, in the plan time zone', () => {
    const { reports, send } = setup({ plan: 'teams', cycleDay: 28, timeZone: 'America/New_York' });
    send('2026-02-28T04:59:00Z', a, 7); // 23:59 on the 27th in New York: the previous cycle
    send('2026-02-28T05:00:00Z', a, 10); // midnight of the 28th: the first day
    send('2026-03-10T03:30:00Z', a, 5); // 23:30 on the 9th (EDT since the 8th)
    send('2026-03-28T03:59:59Z', b, 1); // the last second of the cycle
    const report = reports.usageReport(new Date('2026-03-15T12:00:00Z'));
    expect(report.byDay).toHaveLength(28);
    expect(report.byDay[0]).toEqual({ day: '2026-02-28', processed: 10 });
    expect(report.byDay.at(-1)).toEqual({ day: '2026-03-27', processed: 1 });
    expect(report.byDay.find((d) => d.day === '2026-03-09')?.processed).toBe(5);
    expect(report.byDay.reduce((s, d) => s + d.processed, 0)).toBe(16);
    expect(report).toMatchObject({ plan: 'teams', limit: 1_000_000, used: 16 });
  });

  test('warns from 80% and pauses at the limit', () => {
    const { reports, send } = setup();
    send('2026-02-02T10:00:00Z', a, 799);
    expect(reports.usageReport()).toMatchObject({ percent: 79.9, warning: false, paused: false });
    send('2026-02-02T11:00:00Z', a, 1);
    expect(reports.usageReport()).toMatchObject({ percent: 80, warning: true, paused: false });
    send('2026-02-02T12:00:00Z', a, 150, 50);
    const r = send('2026-02-02T13:00:00Z', a, 10);
    expect(r.granted).toBe(0);
    expect(reports.usageReport()).toMatchObject({
      used: 1_000,
      remaining: 0,
      percent: 100,
      warning: true,
      paused: true,
    });
  });

  test('a past cycle can be reported, and cycles() lists every cycle newest first', () => {
    const { reports, send, clock } = setup();
    send('2025-12-31T23:00:00Z', a, 111);
    send('2026-01-15T00:00:00Z', a, 222, 8);
    send('2026-02-01T00:00:00Z', b, 333);
    clock.now = new Date('2026-02-20T00:00:00Z');
    const january = reports.usageForCycle('2026-01-01T00:00:00Z');
    expect(january).toMatchObject({
      cycleStart: '2026-01-01T00:00:00.000Z',
      used: 230,
      byDestination: [{ destination: 'CRM', processed: 230, delivered: 222, failed: 8 }],
      projection: null,
    });
    expect(reports.usageForCycle(new Date('2026-01-20T00:00:00Z')).cycleStart).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(reports.cycles().map((c) => [c.firstDay, c.lastDay, c.used])).toEqual([
      ['2026-02-01', '2026-02-28', 333],
      ['2026-01-01', '2026-01-31', 230],
      ['2025-12-01', '2025-12-31', 111],
    ]);
  });

  test('an empty store reports the Free plan at zero', () => {
    const { db } = stores.open();
    const report = usageReports(db, {
      clock: () => new Date('2026-05-05T00:00:00Z'),
    }).usageReport();
    expect(report).toMatchObject({
      plan: 'free',
      limit: 500_000,
      used: 0,
      remaining: 500_000,
      paused: false,
      byDestination: [],
      bySync: [],
      percent: 0,
    });
    expect(report.byDay.every((d) => d.processed === 0)).toBe(true);
  });
});

describe('projection', () => {
  const cycle = cycleFor(new Date('2026-04-11T00:00:00Z'), 1, 'UTC'); // 30 days
  const byDay = Array.from({ length: 30 }, (_, i) => ({
    day: `2026-04-${String(i + 1).padStart(2, '0')}`,
    processed: i < 10 ? 100 : 0,
  }));
  /** The projection on April 11 of 1,000 used of 5,000 at 100/day so far, unless said otherwise. */
  const projectFrom = (over: Partial<Parameters<typeof projectUsage>[0]> = {}) =>
    projectUsage({
      used: 1_000,
      limit: 5_000,
      now: new Date('2026-04-11T00:00:00Z'),
      cycle,
      byDay,
      ...over,
    });

  test('recent days at 100/day with 20 days left project 3,000', () => {
    const p = projectFrom();
    expect(p).toEqual({
      observedPerDay: 100,
      expectedPerDay: 0,
      perDay: 100,
      daysLeft: 20,
      projectedTotal: 3_000,
      wouldExceed: false,
      limitReachedDay: null,
    });
  });

  test("the schedules' estimate, when larger, says when the limit would be reached", () => {
    const p = projectFrom({ expectedPerDay: 400 });
    expect(p).toMatchObject({ perDay: 400, projectedTotal: 9_000, wouldExceed: true });
    expect(p.limitReachedDay).toBe('2026-04-21');
  });

  test("quiet days before the first usage don't dilute the pace; a first busy day counts as a day", () => {
    const late = Array.from({ length: 30 }, (_, i) => ({
      day: `2026-04-${String(i + 1).padStart(2, '0')}`,
      processed: i === 22 ? 2_500 : 0,
    }));
    const p = projectFrom({
      used: 2_500,
      limit: 3_000,
      now: new Date('2026-04-23T12:00:00Z'),
      byDay: late,
    });
    expect(p).toMatchObject({
      observedPerDay: 2_500,
      wouldExceed: true,
      limitReachedDay: '2026-04-23',
    });
    const nextDay = projectFrom({
      used: 2_500,
      limit: 30_000,
      now: new Date('2026-04-24T12:00:00Z'),
      byDay: late,
    });
    expect(nextDay.observedPerDay).toBe(2_500);
  });

  test('at the limit syncs are paused: the projection forecasts nothing more this cycle', () => {
    const p = projectFrom({ used: 5_000, expectedPerDay: 400 });
    expect(p).toMatchObject({
      perDay: 400,
      projectedTotal: 5_000,
      wouldExceed: false,
      limitReachedDay: '2026-04-11',
    });
  });

  test('the current report carries a projection using the estimate', () => {
    const { reports, send } = setup();
    send('2026-02-01T10:00:00Z', a, 100);
    send('2026-02-02T10:00:00Z', a, 100);
    const report = reports.usageReport(new Date('2026-02-03T00:00:00Z'), { expectedPerDay: 50 });
    expect(report.projection).toMatchObject({
      observedPerDay: 100,
      perDay: 100,
      daysLeft: 26,
      projectedTotal: 2_800,
      wouldExceed: true,
      limitReachedDay: '2026-02-11',
    });
  });
});
