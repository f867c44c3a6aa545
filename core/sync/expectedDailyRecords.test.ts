import { expect, test } from 'vitest';
import type { RunSummary } from '../types.js';
import type { SyncRow } from '../store/syncsRepo.js';
import { expectedDailyRecords } from './expectedDailyRecords.js';

const now = new Date('2026-12-03T12:00:00Z');

const sync = (id: string, schedule: string | null, pausedAt: string | null = null): SyncRow => ({
  id,
  name: id,
  modelId: 'm',
  destinationId: 'd',
  mode: 'upsert',
  schedule,
  maxRecords: 150_000_000,
  mapping: null,
  pausedAt,
  scheduleFrom: now.toISOString(),
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

/** One finished run that attempted `records` (delivered). */
const ran = (records: number): RunSummary[] => [
  {
    runId: 'r',
    sync: 's',
    syncId: 's',
    status: 'succeeded',
    trigger: 'manual',
    extracted: records,
    changes: { new: records, updated: 0, deleted: 0 },
    delivered: records,
    failed: 0,
    rejected: 0,
    pending: 0,
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    durationMs: 1,
    errors: [],
  },
];

test('a scheduled sync adds its runs per day times its recent records; a paused one adds nothing', () => {
  const runs = () => ran(1_000);
  expect(expectedDailyRecords([sync('hourly', '1h')], runs, now)).toBe(24_000);
  expect(expectedDailyRecords([sync('manual', null)], runs, now)).toBe(0);
  // Paused: no run happens by itself, so the projection must not count its schedule.
  expect(expectedDailyRecords([sync('paused', '1h', now.toISOString())], runs, now)).toBe(0);
});
