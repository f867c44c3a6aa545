import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { startScriptedReceiver, type ScriptedReceiver } from '../testing/scriptedReceiver.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
let receiver: ScriptedReceiver | undefined;
closeAfterEach(() => [receiver, fixture]);

test('at the plan limit a sync pauses with the rest pending, and resumes in the next cycle', async () => {
  let now = new Date('2026-11-10T12:00:00Z');
  fixture = await syncFixture(1500, { clock: () => now });
  const { call } = fixture;
  await call('plan.set', { plan: 'custom', limit: 1000, timeZone: 'UTC' });
  const out = await fixture.fileDestination('files', 'jsonl');
  await call('syncs.add', { name: 'capped', model: 'users', destination: 'files' });

  const first = await call('syncs.run', { sync: 'capped' });
  expect(first).toMatchObject({ status: 'paused', delivered: 1000, pending: 500, failed: 0 });
  // The limit and the cycle's end in the user's locale, never 1000 or an ISO instant.
  const cycleEnd = new Date('2026-12-01T00:00:00Z').toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  expect(first.message).toContain(`limit of ${(1000).toLocaleString()} records`);
  expect(first.message).toContain(`(${cycleEnd})`);
  expect(first.message).not.toContain('2026-12-01T');
  const second = await call('syncs.run', { sync: 'capped' });
  expect(second).toMatchObject({ status: 'paused', delivered: 0, pending: 500 });
  const november = await call('usage.get', {});
  expect(november).toMatchObject({
    plan: 'custom',
    limit: 1000,
    used: 1000,
    remaining: 0,
    paused: true,
    cycleStart: '2026-11-01T00:00:00.000Z',
    byDestination: [{ destination: 'files', processed: 1000, delivered: 1000, failed: 0 }],
  });

  now = new Date('2026-12-02T08:00:00Z');
  const third = await call('syncs.run', { sync: 'capped' });
  expect(third).toMatchObject({ status: 'succeeded', delivered: 500, pending: 0 });
  expect(await call('usage.get', {})).toMatchObject({
    used: 500,
    paused: false,
    cycleStart: '2026-12-01T00:00:00.000Z',
    byDestination: [{ destination: 'files', processed: 500, delivered: 500 }],
  });
  expect(await call('usage.get', { cycleStart: '2026-11-01' })).toMatchObject({ used: 1000 });
  const lines = fs
    .readdirSync(out)
    .flatMap((file) => fs.readFileSync(path.join(out, file), 'utf8').split('\n').filter(Boolean));
  expect(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(1500);
});

test('failed records are metered, rejected ones are not', async () => {
  fixture = await syncFixture(100, { clock: () => new Date('2026-11-10T12:00:00Z') });
  const { call, warehouseFile } = fixture;
  await runDuckDb(
    warehouseFile,
    'update users set user_id = null where user_id < 5',
    'update users set user_id = 50 where user_id = 51',
  );
  receiver = await startScriptedReceiver((_index, ids) => ({
    kind: 'partial',
    failIds: ids.filter((id) => id.endsWith('9')),
  }));
  await call('destinations.add', {
    name: 'hook',
    config: { type: 'webhook', url: receiver.url, retry: { attempts: 1 } },
  });
  await call('syncs.add', { name: 's', model: 'users', destination: 'hook' });
  const run = await call('syncs.run', { sync: 's' });
  // 5 null ids and both rows of the duplicated id 50 are rejected.
  expect(run.rejected).toBe(7);
  expect(run.failed).toBe(10);
  expect(run.delivered).toBe(100 - 7 - 10);
  expect(run.status).toBe('partial');
  const usage = await call('usage.get', {});
  expect(usage.used).toBe(93);
  expect(usage.byDestination).toMatchObject([
    { destination: 'hook', processed: 93, delivered: 83, failed: 10 },
  ]);
  expect(usage.bySync).toMatchObject([{ sync: 's', processed: 93 }]);
  const errors = (await call('runs.errors', { runId: run.runId })).errors;
  expect(errors).toContainEqual({ id: null, reason: '5 rows have a null id' });
  expect(errors).toContainEqual({ id: '50', reason: expect.stringContaining('duplicate id') });
  expect(errors.filter((e) => e.id?.endsWith('9'))).toHaveLength(10);
});
