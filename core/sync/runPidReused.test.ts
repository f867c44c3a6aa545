import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from 'vitest';
import type { Core } from '../createCore.js';
import { usageMeter } from '../metering/usageMeter.js';
import { openStore } from '../store/openStore.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';
import { saveRunningRun } from '../testing/runningRun.js';
import { openCore, syncFixture, type SyncFixture } from '../testing/syncFixture.js';

let fixture: SyncFixture | undefined;
let restarted: Core | undefined;
let other: ChildProcess | undefined;
closeAfterEach(() => [restarted, fixture, other && { close: () => other?.kill('SIGKILL') }]);

test('a run left running by a crash is closed even when its pid now belongs to another process', async () => {
  const now = new Date('2026-03-10T12:00:00Z');
  fixture = await syncFixture(5, { clock: () => now });
  const { call, home } = fixture;
  await call('plan.set', { plan: 'custom', limit: 100, timeZone: 'UTC' });
  await fixture.fileDestination();
  const sync = await call('syncs.add', { name: 's', model: 'users', destination: 'files' });

  // A run that was sending when the machine went down: marked running, 3 records reserved.
  const db = openStore(home);
  const runId = saveRunningRun(db, {
    sync: 's',
    syncId: sync.id,
    trigger: 'schedule',
    extracted: 3,
    startedAt: now.toISOString(),
  });
  usageMeter(db, { clock: () => now }).reserve({
    runId,
    syncId: sync.id,
    destinationId: sync.destinationId,
    requested: 3,
  });
  // After the reboot its pid is another, unrelated process's.
  other = spawn('sleep', ['60'], { stdio: 'ignore' });
  db.prepare('update runs set pid = ? where id = ?').run(other.pid, runId);
  db.close();

  fixture.core.close();
  const reopened = openCore(home, { clock: () => now });
  restarted = reopened.core;
  const again = reopened.call;
  // Before: "s" is being run by another Ebb process (the reused pid), forever.
  expect(await again('syncs.run', { sync: 's' })).toMatchObject({
    status: 'succeeded',
    delivered: 5,
  });
  const runs = await again('runs.list', { sync: 's' });
  expect(runs.find((r) => r.runId === runId)).toMatchObject({
    status: 'failed',
    message: expect.stringContaining('Ebb stopped during this run'),
  });
  // Its reservation is metered once as attempted, no longer held open against the quota.
  expect(await again('usage.get', {})).toMatchObject({ used: 8, reserved: 0 });
});
