import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { callThrough } from '../api/callThrough.js';
import { createCore } from '../createCore.js';
import { modelRows, expectRowsEqual } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { spawnSyncRun, waitUntil } from '../testing/killableRun.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

/**
 * `sync preview` right after a run was SIGKILLed mid-delivery: the batches the destination had
 * acknowledged are noted only in the config store, and those in flight are in doubt. The
 * preview must count what the next run will send (not the delivered ones as new or updated
 * again, nor the in-doubt ones as unchanged), and that run must leave the destination equal to
 * the model.
 */
const ROWS = 3000;
const BATCH = 100;

let fixture: SyncFixture | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  fixture?.close();
});

interface Change {
  op: 'new' | 'updated' | 'deleted';
  id: string;
  record: Record<string, unknown>;
}

test('a preview after a killed run counts what the next run sends, and that run converges', async () => {
  fixture = await syncFixture(ROWS);
  const { call, home, warehouseFile } = fixture;
  // A mirror of what arrived, applied before the (slow) answer: the kill lands mid-load.
  const held = new Map<string, Record<string, unknown>>();
  let received = 0;
  let answered = 0;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { batch } = JSON.parse(Buffer.concat(chunks).toString()) as { batch: Change[] };
      for (const change of batch) {
        received++;
        if (change.op === 'deleted') held.delete(change.id);
        else held.set(change.id, change.record);
      }
      setTimeout(() => {
        res.writeHead(200).end('{}');
        answered++;
      }, 40);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  await call('destinations.add', {
    name: 'hook',
    config: { type: 'webhook', url, batchSize: BATCH, concurrency: 2 },
  });
  await call('syncs.add', { name: 'mirror', model: 'users', destination: 'hook', mode: 'mirror' });
  fixture.core.close();

  /** Kills `ebb sync run` once 8 more batches were answered; then previews and runs in-process. */
  const killPreviewRun = async () => {
    const from = answered;
    const run = spawnSyncRun(home, 'mirror');
    expect(await waitUntil(() => answered >= from + 8, run.exited)).toBe('reached');
    await run.kill();
    return run;
  };
  const previewThenRun = async (change?: string[]) => {
    if (change) await runDuckDb(warehouseFile, ...change);
    const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
    try {
      const call = callThrough(core.dispatch);
      const preview = await call('syncs.preview', { sync: 'mirror', limit: 0 });
      const before = received;
      const next = await call('syncs.run', { sync: 'mirror' });
      expect(next.status, next.message).toBe('succeeded');
      // What the preview said is what the run found and sent, record for record.
      expect(next.changes).toEqual(preview.changes);
      const { willSend } = preview;
      expect(received - before).toBe(willSend.new + willSend.updated + willSend.deleted);
    } finally {
      core.close();
    }
  };

  // The first sync, killed mid-load: the preview must not count the delivered records as new.
  await killPreviewRun();
  expect(received).toBeLessThan(ROWS);
  await previewThenRun();
  expectRowsEqual(held, await modelRows(warehouseFile, 'select * from users', 'user_id'));

  // Updates and deletes, killed mid-load; then the model reverts some of them (some delivered,
  // some in flight) before the preview.
  await runDuckDb(
    warehouseFile,
    `update users set score = -1 where user_id < 2000`,
    `delete from users where user_id >= 2900`,
  );
  await killPreviewRun();
  await previewThenRun([
    `update users set score = user_id * 1.5 where user_id % 3 = 0 and user_id < 2000`,
    `delete from users where user_id % 10 = 7`,
  ]);
  expectRowsEqual(held, await modelRows(warehouseFile, 'select * from users', 'user_id'));
}, 180_000);
