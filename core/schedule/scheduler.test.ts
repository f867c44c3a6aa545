import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

let fixture: SyncFixture | undefined;
afterEach(() => fixture?.close());

test('scheduled syncs run when due, once per slot, and skip with the reason at the plan limit', async () => {
  let now = new Date('2026-11-10T12:00:00Z');
  fixture = await syncFixture(30, { clock: () => now });
  const { call, core, home } = fixture;
  const out = path.join(home, 'out');
  fs.mkdirSync(out);
  await call('destinations.add', { name: 'files', config: { type: 'file', path: out } });
  await call('syncs.add', { name: 'hourly', model: 'users', destination: 'files', schedule: '1h' });
  await call('syncs.add', { name: 'manual', model: 'users', destination: 'files' });
  await expect(
    call('syncs.add', {
      name: 'too often',
      model: 'users',
      destination: 'files',
      schedule: '*/5 * * * *',
    }),
  ).rejects.toThrow(/at most every 15 minutes/);
  const log: string[] = [];
  const scheduler = core.createScheduler((line) => log.push(line));

  // Never run: due at once (a run missed while Ebb was closed runs once on start).
  const first = await scheduler.tick();
  expect(first.map((r) => [r.sync, r.trigger, r.delivered])).toEqual([['hourly', 'schedule', 30]]);
  expect(await scheduler.tick()).toEqual([]);
  const listed = (await call('syncs.list', {})).find((s) => s.name === 'hourly')!;
  expect(listed.nextRunAt).toBe('2026-11-10T13:00:00.000Z');

  now = new Date('2026-11-10T13:00:01Z');
  expect((await scheduler.tick()).map((r) => r.sync)).toEqual(['hourly']);

  // At the plan's limit the scheduled run is skipped, with the reason logged once.
  await call('plan.set', { plan: 'custom', limit: 30, timeZone: 'UTC' });
  now = new Date('2026-11-10T15:00:00Z');
  expect(await scheduler.tick()).toEqual([]);
  expect(await scheduler.tick()).toEqual([]);
  expect(log.filter((line) => line.startsWith('Skipped'))).toEqual([
    expect.stringContaining("plan's monthly limit of 30 records is reached"),
  ]);
  await scheduler.stop();
  expect((await call('runs.list', { sync: 'manual' })).length).toBe(0);
});
