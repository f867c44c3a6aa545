import { expect, test } from 'vitest';
import { storePerTest } from '../testing/storePerTest.js';
import { cycleAt } from './cycleAt.js';
import { planRepo } from './plans.js';
import { usageMeter } from './usageMeter.js';
import { usageReports } from './usageReport.js';

const stores = storePerTest();
const losAngeles = { cycleDay: 1, timeZone: 'America/Los_Angeles' };

test('a day names the cycle holding that local day in the plan time zone', () => {
  // 2026-03-01 is March's first day in Los Angeles (08:00 UTC); UTC midnight is still February.
  expect(cycleAt('2026-03-01', losAngeles)).toMatchObject({
    startIso: '2026-03-01T08:00:00.000Z',
    startDay: '2026-03-01',
  });
  expect(cycleAt('2026-03-31', losAngeles).startDay).toBe('2026-03-01');
  expect(cycleAt('2026-03-01', { cycleDay: 15, timeZone: 'Asia/Tokyo' }).startDay).toBe(
    '2026-02-15',
  );
  // An instant is read as one (what the app passes back from usage.cycles).
  expect(cycleAt('2026-03-01T08:00:00.000Z', losAngeles).startDay).toBe('2026-03-01');
  expect(cycleAt(new Date('2026-03-01T07:59:59Z'), losAngeles).startDay).toBe('2026-02-01');
});

test('what is not a date is refused naming the form to use, not EBB_NOW', () => {
  for (const bad of ['2026-13-45', '2026-02-30', 'last month']) {
    expect(() => cycleAt(bad, losAngeles)).toThrow(/is not a date: .*YYYY-MM-DD/);
  }
});

test('usage for a cycle given by its first day reports that cycle in a zone west of UTC', () => {
  const { db } = stores.open();
  planRepo(db).set({ plan: 'custom', limit: 1_000, ...losAngeles });
  let now = new Date('2026-03-10T20:00:00Z');
  const meter = usageMeter(db, { clock: () => now });
  const r = meter.reserve({ runId: 'r', syncId: 's', destinationId: 'd', requested: 300 });
  meter.settle(r.reservationId, { delivered: 300, failed: 0 });
  now = new Date('2026-04-10T20:00:00Z');
  const report = usageReports(db, { clock: () => now }).usageForCycle('2026-03-01');
  expect(report).toMatchObject({ firstDay: '2026-03-01', lastDay: '2026-03-31', used: 300 });
});
