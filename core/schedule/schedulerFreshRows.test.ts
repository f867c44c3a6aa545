import { expect, test } from 'vitest';
import type { SyncRow } from '../store/syncsRepo.js';
import type { RunSummary } from '../types.js';
import { startedRun } from '../sync/runStatus.js';
import { createScheduler } from './scheduler.js';

const row = (id: string): SyncRow => ({
  id,
  name: id,
  modelId: 'm',
  destinationId: 'd',
  mode: 'upsert',
  schedule: '1h',
  maxRecords: 1000,
  mapping: null,
  pausedAt: null,
  scheduleFrom: '2026-05-01T00:00:00.000Z',
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
});

const summary = (syncId: string): RunSummary => ({
  ...startedRun({
    runId: `run-${syncId}`,
    sync: syncId,
    syncId,
    trigger: 'schedule',
    startedAt: '2026-05-01T05:00:00.000Z',
  }),
  status: 'succeeded',
  finishedAt: '2026-05-01T05:00:00.000Z',
  durationMs: 0,
});

test('a sync paused or removed while an earlier one of the same tick runs is not run by it', async () => {
  const now = new Date('2026-05-01T05:00:00Z');
  const stored = new Map(['first', 'paused', 'removed', 'last'].map((id) => [id, row(id)]));
  const ran: string[] = [];
  const scheduler = createScheduler({
    clock: () => now,
    listSyncs: () => [...stored.values()],
    findSync: (id) => stored.get(id),
    lastRunStartedAt: () => undefined,
    isRunning: () => false,
    skipReason: () => null,
    run: async (syncId) => {
      ran.push(syncId);
      if (syncId === 'first') {
        // While the first sync sends, the analyst pauses one sync and deletes another.
        await new Promise((resolve) => setTimeout(resolve, 5));
        stored.set('paused', { ...row('paused'), pausedAt: now.toISOString() });
        stored.delete('removed');
      }
      return summary(syncId);
    },
    log: () => undefined,
  });
  await scheduler.tick();
  // Before: the tick went on with the rows it listed first and ran all four.
  expect(ran).toEqual(['first', 'last']);
});
