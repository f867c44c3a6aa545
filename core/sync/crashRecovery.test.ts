import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore } from '../createCore.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

let fixture: SyncFixture | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  fixture?.close();
});

const ROWS = 3000;
const BATCH = 100;
const CONCURRENCY = 2;

test('kill -9 mid-load, run again: every change arrives, duplicates stay within the batches in flight', async () => {
  fixture = await syncFixture(ROWS);
  const { call, home } = fixture;
  const received: string[] = [];
  let batches = 0;
  let onBatch: () => void = () => undefined;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const ids = (
        JSON.parse(Buffer.concat(chunks).toString()) as { batch: { id: string }[] }
      ).batch.map((c) => c.id);
      // Slow enough that the kill lands mid-load.
      setTimeout(() => {
        res.writeHead(200).end('{}');
        received.push(...ids);
        batches++;
        onBatch();
      }, 40);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  await call('destinations.add', {
    name: 'hook',
    config: { type: 'webhook', url, batchSize: BATCH, concurrency: CONCURRENCY },
  });
  await call('syncs.add', { name: 'crashy', model: 'users', destination: 'hook' });
  fixture.core.close();

  const child = spawn(
    process.execPath,
    ['electron/bin/ebb.mjs', '--home', home, 'sync', 'run', 'crashy'],
    {
      cwd: path.resolve('.'),
      stdio: 'ignore',
    },
  );
  await new Promise<void>((resolve) => {
    onBatch = () => {
      if (batches >= 8) resolve();
    };
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  onBatch = () => undefined;
  const beforeRestart = received.length;
  expect(beforeRestart).toBeLessThan(ROWS);

  // A new process on the same home: the abandoned run is closed, the next run finishes the job.
  const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
  try {
    const history = await core.dispatch('runs.list', { sync: 'crashy' });
    expect(history).toMatchObject({
      ok: true,
      data: [{ status: 'failed', message: expect.stringContaining('stopped during this run') }],
    });
    const rerun = await core.dispatch('syncs.run', { sync: 'crashy' });
    expect(rerun).toMatchObject({ ok: true, data: { status: 'succeeded', failed: 0 } });
  } finally {
    core.close();
  }
  const unique = new Set(received);
  expect(unique.size).toBe(ROWS);
  const duplicates = received.length - unique.size;
  expect(duplicates).toBeLessThanOrEqual(BATCH * CONCURRENCY);
});
