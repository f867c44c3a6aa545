import { expect, test } from 'vitest';
import { nextRunAt, parseSchedule } from './schedule.js';

test('intervals of 15 minutes or more are accepted, shorter ones refused with the rule', () => {
  expect(parseSchedule('15m')).toMatchObject({ kind: 'interval', everyMs: 900_000 });
  expect(parseSchedule('1h')).toMatchObject({ kind: 'interval', everyMs: 3_600_000 });
  expect(parseSchedule('1d')).toMatchObject({ kind: 'interval', everyMs: 86_400_000 });
  expect(() => parseSchedule('14m')).toThrow(/at most every 15 minutes/);
  expect(() => parseSchedule('0h')).toThrow(/at most every 15 minutes/);
});

test('cron expressions are refused when any two runs could be closer than 15 minutes', () => {
  expect(parseSchedule('*/15 * * * *').kind).toBe('cron');
  expect(parseSchedule('0 9 * * 1-5').kind).toBe('cron');
  expect(() => parseSchedule('* * * * *')).toThrow(/1 minutes apart/);
  expect(() => parseSchedule('*/10 * * * *')).toThrow(/10 minutes apart/);
  // Only two minutes of the hour, but 50 and 0 of the next hour are 10 minutes apart.
  expect(() => parseSchedule('0,50 * * * *')).toThrow(/10 minutes apart/);
  expect(() => parseSchedule('0 9,10 * * *')).not.toThrow();
  expect(() => parseSchedule('61 * * * *')).toThrow(/not a valid cron/);
  expect(() => parseSchedule('every day')).toThrow(/not a schedule/);
});

test('the next run follows the last one; a missed run is due at once', () => {
  const hourly = parseSchedule('1h');
  const last = new Date('2026-11-23T10:00:00Z');
  expect(nextRunAt(hourly, last).toISOString()).toBe('2026-11-23T11:00:00.000Z');
  expect(nextRunAt(hourly, null).getTime()).toBe(0);
  const cron = parseSchedule('30 9 * * *');
  expect(nextRunAt(cron, last).toISOString()).toMatch(/^2026-11-24T/);
});

test('schedules that run less than once a year are refused, so no next run leaves the date range', () => {
  expect(parseSchedule('365d')).toMatchObject({ kind: 'interval' });
  expect(parseSchedule('8784h')).toMatchObject({ kind: 'interval' });
  expect(parseSchedule('0 0 1 1 *').kind).toBe('cron');
  expect(() => parseSchedule('100000000d')).toThrow(/less than once a year/);
  expect(() => parseSchedule('367d')).toThrow(/at least every 366 days/);
  expect(() => parseSchedule('99999999999999999999m')).toThrow(/less than once a year/);
  expect(() => parseSchedule('0 0 30 2 *')).toThrow(/less than once a year/);
  expect(() => parseSchedule('0 0 29 2 *')).toThrow(/less than once a year/);
});
