import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../ports.js';
import {
  cycleFor,
  cycleOfDay,
  daysOfCycle,
  localDay,
  nextCycle,
  previousCycle,
  startOfLocalDay,
  systemTimeZone,
  zoneOffsetMs,
} from './billingCycle.js';

const at = (iso: string) => new Date(iso);
const span = (now: string, cycleDay: number, timeZone: string) => {
  const c = cycleFor(at(now), cycleDay, timeZone);
  return [c.startIso, c.endIso, c.startDay, c.endDay];
};
/** What `span` answers for a UTC cycle from `startDay` to `endDay`: both start at midnight. */
const utcSpan = (startDay: string, endDay: string) => [
  `${startDay}T00:00:00.000Z`,
  `${endDay}T00:00:00.000Z`,
  startDay,
  endDay,
];

describe('month ends in UTC', () => {
  test('cycle day 1 runs from the 1st to the 1st; the boundary instant starts the new cycle', () => {
    expect(span('2026-01-31T23:59:59.999Z', 1, 'UTC')).toEqual(utcSpan('2026-01-01', '2026-02-01'));
    expect(span('2026-02-01T00:00:00.000Z', 1, 'UTC')[0]).toBe('2026-02-01T00:00:00.000Z');
    expect(span('2026-12-15T00:00:00Z', 1, 'UTC')[1]).toBe('2027-01-01T00:00:00.000Z');
  });

  test('cycle day 28 works in February, in leap years and across the year end', () => {
    expect(span('2026-02-27T12:00:00Z', 28, 'UTC')).toEqual(utcSpan('2026-01-28', '2026-02-28'));
    expect(span('2026-02-28T00:00:00Z', 28, 'UTC')).toEqual(utcSpan('2026-02-28', '2026-03-28'));
    expect(daysOfCycle(cycleFor(at('2026-02-28T01:00:00Z'), 28, 'UTC'))).toHaveLength(28);
    expect(daysOfCycle(cycleFor(at('2028-02-28T01:00:00Z'), 28, 'UTC'))).toHaveLength(29);
    expect(span('2027-01-03T00:00:00Z', 28, 'UTC').slice(2)).toEqual(['2026-12-28', '2027-01-28']);
  });

  test('every day of a cycle is listed once', () => {
    const days = daysOfCycle(cycleFor(at('2026-03-10T00:00:00Z'), 15, 'UTC'));
    expect(days[0]).toBe('2026-02-15');
    expect(days.at(-1)).toBe('2026-03-14');
    expect(days).toHaveLength(28);
    expect(new Set(days).size).toBe(28);
  });
});

describe('America/New_York across DST', () => {
  const NY = 'America/New_York';

  test('the March cycle starts at EST midnight and ends at EDT midnight (one hour shorter)', () => {
    const c = cycleFor(at('2026-03-20T12:00:00Z'), 1, NY);
    expect(c.startIso).toBe('2026-03-01T05:00:00.000Z');
    expect(c.endIso).toBe('2026-04-01T04:00:00.000Z');
    expect(c.end.getTime() - c.start.getTime()).toBe(31 * 86_400_000 - 3_600_000);
  });

  test('local midnight, not UTC midnight, is the boundary', () => {
    expect(cycleFor(at('2026-03-01T04:59:59.999Z'), 1, NY).startDay).toBe('2026-02-01');
    expect(cycleFor(at('2026-03-01T05:00:00.000Z'), 1, NY).startDay).toBe('2026-03-01');
    expect(cycleFor(at('2026-11-01T03:59:59.999Z'), 1, NY).startDay).toBe('2026-10-01');
    expect(cycleFor(at('2026-11-01T04:00:00.000Z'), 1, NY).startDay).toBe('2026-11-01');
  });

  test('a cycle day on the DST change days themselves', () => {
    // 2026-03-08: clocks jump 02:00 → 03:00; midnight is still EST.
    const spring = cycleFor(at('2026-03-08T06:00:00Z'), 8, NY);
    expect(spring.startIso).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.endIso).toBe('2026-04-08T04:00:00.000Z');
    expect(cycleFor(at('2026-03-08T04:59:59Z'), 8, NY).startDay).toBe('2026-02-08');
    // 2026-11-01: clocks fall back 02:00 → 01:00; midnight is still EDT.
    const autumn = cycleFor(at('2026-11-01T12:00:00Z'), 1, NY);
    expect(autumn.startIso).toBe('2026-11-01T04:00:00.000Z');
    expect(autumn.endIso).toBe('2026-12-01T05:00:00.000Z');
  });

  test('cycle day 28 in New York', () => {
    expect(span('2026-02-28T04:30:00Z', 28, NY).slice(0, 2)).toEqual([
      '2026-01-28T05:00:00.000Z',
      '2026-02-28T05:00:00.000Z',
    ]);
    expect(span('2026-03-28T03:00:00Z', 28, NY)[0]).toBe('2026-02-28T05:00:00.000Z');
    expect(span('2026-03-28T04:00:00Z', 28, NY)[0]).toBe('2026-03-28T04:00:00.000Z');
  });
});

describe('other time zones', () => {
  test('Asia/Kolkata (+05:30) starts the cycle at 18:30 UTC the evening before', () => {
    const c = cycleFor(at('2026-01-31T18:30:00Z'), 1, 'Asia/Kolkata');
    expect([c.startIso, c.endIso, c.startDay]).toEqual([
      '2026-01-31T18:30:00.000Z',
      '2026-02-28T18:30:00.000Z',
      '2026-02-01',
    ]);
    expect(cycleFor(at('2026-01-31T18:29:59Z'), 1, 'Asia/Kolkata').startDay).toBe('2026-01-01');
    expect(localDay(at('2026-01-31T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-02-01');
  });

  test('where DST skips midnight (America/Santiago), the day starts at the jump', () => {
    // 2024-09-08 00:00 -04 became 01:00 -03: the day's first instant is 04:00 UTC.
    expect(startOfLocalDay(2024, 9, 8, 'America/Santiago').toISOString()).toBe(
      '2024-09-08T04:00:00.000Z',
    );
    const c = cycleFor(at('2024-09-20T00:00:00Z'), 8, 'America/Santiago');
    expect(c.startIso).toBe('2024-09-08T04:00:00.000Z');
    expect(c.startDay).toBe('2024-09-08');
  });

  test('zone offsets follow DST', () => {
    expect(zoneOffsetMs(at('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });
});

describe('chaining and validation', () => {
  test('next and previous cycles are contiguous, in every zone', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney']) {
      let c = cycleFor(at('2025-12-20T00:00:00Z'), 28, zone);
      for (let i = 0; i < 14; i++) {
        const next = nextCycle(c);
        expect(next.startIso).toBe(c.endIso);
        expect(previousCycle(next).startIso).toBe(c.startIso);
        expect(cycleOfDay(next.startDay, 28, zone).startIso).toBe(next.startIso);
        c = next;
      }
    }
  });

  test('cycle day and time zone are checked', () => {
    expect(() => cycleFor(new Date(), 0, 'UTC')).toThrow(/1 to 28/);
    expect(() => cycleFor(new Date(), 29, 'UTC')).toThrow(/1 to 28/);
    expect(() => cycleFor(new Date(), 1.5, 'UTC')).toThrow(/1 to 28/);
    expect(() => cycleFor(new Date(), 1, 'Mars/Olympus')).toThrow(/IANA time zone/);
    expect(() => cycleFor(new Date('nope'), 1, 'UTC')).toThrow(/EBB_NOW/);
  });
});

describe('EBB_NOW', () => {
  const saved = process.env.EBB_NOW;
  afterEach(() => {
    if (saved === undefined) delete process.env.EBB_NOW;
    else process.env.EBB_NOW = saved;
  });

  test('the system clock honours EBB_NOW, so cycles can be simulated', () => {
    process.env.EBB_NOW = '2031-07-04T12:00:00Z';
    expect(cycleFor(systemClock(), 1, 'UTC').startIso).toBe('2031-07-01T00:00:00.000Z');
    process.env.EBB_NOW = '2031-08-01T00:00:00Z';
    expect(cycleFor(systemClock(), 1, 'UTC').startIso).toBe('2031-08-01T00:00:00.000Z');
  });
});

test('the system time zone is resolved again when TZ is assigned', () => {
  const before = process.env.TZ;
  try {
    process.env.TZ = 'Europe/Paris';
    expect(systemTimeZone()).toBe('Europe/Paris');
    expect(systemTimeZone()).toBe('Europe/Paris');
    process.env.TZ = 'America/New_York';
    expect(systemTimeZone()).toBe('America/New_York');
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});
