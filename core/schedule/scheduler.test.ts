import { expect, test } from 'vitest';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

test('scheduled syncs run when due, once per slot, and skip with the reason at the plan limit', async () => {
  let now = new Date('2026-11-10T12:00:00Z');
  fixture = await syncFixture(30, { clock: () => now });
  const { call, core } = fixture;
  await fixture.fileDestination();
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

  // A new sync waits for its first slot after creation: nothing leaves before it is previewed.
  expect(await scheduler.tick()).toEqual([]);
  expect((await call('syncs.list', {})).find((s) => s.name === 'hourly')!.nextRunAt).toBe(
    '2026-11-10T13:00:00.000Z',
  );
  now = new Date('2026-11-10T13:00:01Z');
  const first = await scheduler.tick();
  expect(first.map((r) => [r.sync, r.trigger, r.delivered])).toEqual([['hourly', 'schedule', 30]]);
  expect(await scheduler.tick()).toEqual([]);
  const listed = (await call('syncs.list', {})).find((s) => s.name === 'hourly')!;
  expect(listed.nextRunAt).toBe('2026-11-10T14:00:01.000Z');

  now = new Date('2026-11-10T14:00:02Z');
  expect((await scheduler.tick()).map((r) => r.sync)).toEqual(['hourly']);

  // At the plan's limit the scheduled run is skipped, with the reason logged once.
  await call('plan.set', { plan: 'custom', limit: 30, timeZone: 'UTC' });
  now = new Date('2026-11-10T15:30:00Z');
  expect(await scheduler.tick()).toEqual([]);
  expect(await scheduler.tick()).toEqual([]);
  expect(log.filter((line) => line.startsWith('Skipped'))).toEqual([
    expect.stringContaining("plan's monthly limit of 30 records is reached"),
  ]);
  await scheduler.stop();
  expect((await call('runs.list', { sync: 'manual' })).length).toBe(0);
});

test('a paused sync never runs by schedule, says so, and resumes from the next slot', async () => {
  let now = new Date('2026-11-10T12:00:00Z');
  fixture = await syncFixture(5, { clock: () => now });
  const { call, core } = fixture;
  await fixture.fileDestination();
  const created = await call('syncs.add', {
    name: 'held',
    model: 'users',
    destination: 'files',
    schedule: '1h',
    paused: true,
  });
  expect(created).toMatchObject({ paused: true, nextRunAt: null, schedule: '1h' });
  const scheduler = core.createScheduler(() => undefined);

  now = new Date('2026-11-10T18:00:00Z');
  expect(await scheduler.tick()).toEqual([]);
  // A manual run still works while paused.
  expect((await call('syncs.run', { sync: 'held' })).delivered).toBe(5);

  const resumed = await call('syncs.resume', { sync: 'held' });
  expect(resumed).toMatchObject({ paused: false, nextRunAt: '2026-11-10T19:00:00.000Z' });
  expect(await scheduler.tick()).toEqual([]);
  now = new Date('2026-11-10T19:00:00Z');
  expect((await scheduler.tick()).map((r) => r.sync)).toEqual(['held']);

  expect(await call('syncs.pause', { sync: 'held' })).toMatchObject({
    paused: true,
    nextRunAt: null,
  });
  now = new Date('2026-11-11T19:00:00Z');
  expect(await scheduler.tick()).toEqual([]);
  expect((await call('syncs.list', {}))[0]).toMatchObject({ name: 'held', paused: true });
  await scheduler.stop();
});

test('a run that started late keeps 15 minutes before the next cron slot runs', async () => {
  let now = new Date('2026-11-10T08:30:00Z');
  fixture = await syncFixture(5, { clock: () => now });
  const { call, core } = fixture;
  await fixture.fileDestination();
  await call('syncs.add', {
    name: 'on the hour',
    model: 'users',
    destination: 'files',
    schedule: '0 * * * *',
  });
  const scheduler = core.createScheduler(() => undefined);
  const ran = async (at: string) => {
    now = new Date(at);
    return (await scheduler.tick()).map((r) => r.sync);
  };
  expect(await ran('2026-11-10T09:00:05Z')).toEqual(['on the hour']);
  // Ebb was closed through 10:00: the missed slot runs once on start, at 10:55.
  expect(await ran('2026-11-10T10:55:00Z')).toEqual(['on the hour']);
  // 11:00 is five minutes later: that slot waits until 11:10.
  expect((await call('syncs.list', {}))[0]!.nextRunAt).toBe('2026-11-10T11:10:00.000Z');
  expect(await ran('2026-11-10T11:00:05Z')).toEqual([]);
  expect(await ran('2026-11-10T11:10:01Z')).toEqual(['on the hour']);
  // Back on its slots: 12:00 is 50 minutes after, and a run a few seconds late keeps them.
  expect(await ran('2026-11-10T12:00:05Z')).toEqual(['on the hour']);
  expect((await call('syncs.list', {}))[0]!.nextRunAt).toBe('2026-11-10T13:00:00.000Z');
  await scheduler.stop();
});
