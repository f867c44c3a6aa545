import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import type { Core } from '../createCore.js';
import { usageMeter } from '../metering/usageMeter.js';
import { openStore } from '../store/openStore.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';
import { saveRunningRun } from '../testing/runningRun.js';
import { openCore, syncFixture, type SyncFixture } from '../testing/syncFixture.js';

let fixture: SyncFixture | undefined;
let restarted: Core | undefined;
closeAfterEach(() => [restarted, fixture]);

test('a run its process died in keeps in its history what its batches delivered and failed', async () => {
  const started = new Date('2026-03-10T12:00:00Z');
  fixture = await syncFixture(5, { clock: () => started });
  const { call, home } = fixture;
  await fixture.fileDestination();
  const sync = await call('syncs.add', { name: 's', model: 'users', destination: 'files' });

  // A run killed mid-load: saved running before loading (0 delivered), two batches answered and
  // metered (20 delivered, 3 refused), a third in flight.
  const db = openStore(home);
  const runId = saveRunningRun(db, {
    sync: 's',
    syncId: sync.id,
    trigger: 'manual',
    extracted: 40,
    startedAt: started.toISOString(),
  });
  const meter = usageMeter(db, { clock: () => started });
  const ids = { runId, syncId: sync.id, destinationId: sync.destinationId };
  meter.settle(meter.reserve({ ...ids, requested: 10 }).reservationId, {
    delivered: 10,
    failed: 0,
  });
  meter.settle(meter.reserve({ ...ids, requested: 13 }).reservationId, {
    delivered: 10,
    failed: 3,
  });
  meter.reserve({ ...ids, requested: 10 });
  // Its process is gone (this pid's process has exited).
  const gone = spawnSync('true').pid;
  db.prepare('update runs set pid = ? where id = ?').run(gone, runId);
  db.close();

  fixture.core.close();
  const later = new Date('2026-03-10T12:05:00Z');
  const reopened = openCore(home, { clock: () => later });
  restarted = reopened.core;
  const again = reopened.call;
  const [crashed] = await again('runs.list', { sync: 's' });
  // Before: 0 delivered, 0 failed and no duration, though the meter holds 23 of its records.
  expect(crashed).toMatchObject({
    runId,
    status: 'failed',
    delivered: 20,
    failed: 3,
    finishedAt: later.toISOString(),
    durationMs: 300_000,
  });
  // The batch in flight counts once, as attempted.
  expect(await again('usage.get', {})).toMatchObject({
    used: 33,
    byDestination: [{ processed: 33, delivered: 20, failed: 3, unconfirmed: 10 }],
  });
});
