import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { closeAfterEach } from '../testing/closeAfterEach.js';
import { expectRowsEqual, modelRows } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

/**
 * A receiver that applies a batch and answers too late (after the client's time-out) or with a
 * 500, then answers the retry of the same batch definitively: "already exists" for the records
 * the first attempt inserted, or 401. The first attempt's records are held all the same, so they
 * must stay in doubt: when they then leave the model, the next mirror run deletes them.
 */
interface InsertOnlyReceiver {
  url: string;
  rows: Map<string, Record<string, unknown>>;
  /** How the next request is answered after it is applied (then back to 'ok'). */
  next: 'ok' | 'late' | '500';
  /** Every answer after the next one: 'ok' (207 for ids already held) or 401. */
  after: 'ok' | '401';
  close(): Promise<void>;
}

interface Change {
  op: string;
  id: string;
  record: Record<string, unknown>;
}

async function insertOnlyReceiver(): Promise<InsertOnlyReceiver> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (receiver.after === '401' && receiver.next === 'ok') {
        res.writeHead(401).end('{"error":"token expired"}');
        return;
      }
      const { batch } = JSON.parse(Buffer.concat(chunks).toString()) as { batch: Change[] };
      const errors: { id: string; message: string }[] = [];
      for (const change of batch) {
        if (change.op === 'new' && receiver.rows.has(change.id))
          errors.push({ id: change.id, message: `${change.id} already exists` });
        else if (change.op === 'deleted') receiver.rows.delete(change.id);
        else receiver.rows.set(change.id, change.record);
      }
      const how = receiver.next;
      receiver.next = 'ok';
      if (how === '500') {
        res.writeHead(500).end('{"error":"crashed while answering"}');
        return;
      }
      const answer = () =>
        errors.length > 0
          ? res.writeHead(207).end(JSON.stringify({ errors }))
          : res.writeHead(200).end('{}');
      if (how === 'late') setTimeout(answer, 800);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: InsertOnlyReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    rows: new Map(),
    next: 'ok',
    after: 'ok',
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

let fixture: SyncFixture | undefined;
let receiver: InsertOnlyReceiver | undefined;
closeAfterEach(() => [receiver, fixture]);

async function syncedTo(): Promise<{ sync: SyncFixture; hook: InsertOnlyReceiver }> {
  const sync = await syncFixture(20);
  fixture = sync;
  const hook = await insertOnlyReceiver();
  receiver = hook;
  await sync.call('destinations.add', {
    name: 'hook',
    config: {
      type: 'webhook',
      url: hook.url,
      batchSize: 50,
      concurrency: 1,
      timeoutMs: 400,
      retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    },
  });
  await sync.call('syncs.add', { name: 'm', model: 'users', destination: 'hook', mode: 'mirror' });
  expect(await sync.call('syncs.run', { sync: 'm' })).toMatchObject({ delivered: 20 });
  await runDuckDb(
    sync.warehouseFile,
    `insert into users select range, 'late', 1 from range(100, 105)`,
  );
  return { sync, hook };
}

async function leaveModelAndConverge(sync: SyncFixture, hook: InsertOnlyReceiver) {
  expect(hook.rows.has('100')).toBe(true);
  hook.after = 'ok';
  // What the first attempt inserted leaves the model: the mirror must delete it.
  await runDuckDb(sync.warehouseFile, `delete from users where user_id >= 100`);
  const run = await sync.call('syncs.run', { sync: 'm' });
  expect(run).toMatchObject({ status: 'succeeded', changes: { deleted: 5 } });
  expectRowsEqual(hook.rows, await modelRows(sync.warehouseFile, 'select * from users', 'user_id'));
}

test('answered after the time-out, the retry refused as "already exists": the records stay in doubt and are deleted once they leave the model', async () => {
  const { sync, hook } = await syncedTo();
  hook.next = 'late';
  const run = await sync.call('syncs.run', { sync: 'm' });
  expect(run).toMatchObject({ delivered: 0, failed: 5 });
  expect(run.errors[0]?.reason).toContain('already exists');
  await leaveModelAndConverge(sync, hook);
});

test('a 500 after applying, the retry refused: the records stay in doubt', async () => {
  const { sync, hook } = await syncedTo();
  hook.next = '500';
  expect(await sync.call('syncs.run', { sync: 'm' })).toMatchObject({ delivered: 0, failed: 5 });
  await leaveModelAndConverge(sync, hook);
});

test('answered after the time-out, the retry refused with 401: the run stops and the batch stays in doubt', async () => {
  const { sync, hook } = await syncedTo();
  hook.next = 'late';
  hook.after = '401';
  const run = await sync.call('syncs.run', { sync: 'm' });
  expect(run).toMatchObject({ status: 'failed', delivered: 0 });
  await leaveModelAndConverge(sync, hook);
});
