import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { RecordTextChange } from '../destinations/changeJson.js';
import { WebhookDestination } from '../destinations/webhook/webhookDestination.js';
import { webhookSettings } from '../destinations/webhook/settings.js';
import { awkwardText } from '../testing/awkwardText.js';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import { idText } from '../values/idText.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { planDiff } from './planDiff.js';
import { readStaged } from './staged.js';
import { readStagedJsonLines, StagedJsonLines } from './stagedJsonLines.js';
import type { StagedChange } from './types.js';

const ref = { syncKey: 'lines', stateSchema: '_ebb_reverse_etl' };
const SMALL = { firstRows: 7, maxRows: 40, maxBytes: 1 << 20 };
const BATCH = 10;

/** A receiver keeping every body as sent; answers 207 refusing `refuse`'s ids, else 200. */
async function receiver(refuse = new Set<string>()) {
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push(body);
      const ids = (JSON.parse(body.toString('utf8')) as { batch: { id: string }[] }).batch
        .map((c) => c.id)
        .filter((id) => refuse.has(id));
      if (ids.length === 0) return void res.writeHead(200).end('{}');
      res.writeHead(207, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: ids.map((id) => ({ id, message: `no ${id}` })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const destination = new WebhookDestination(
    webhookSettings().parse({
      type: 'webhook',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      batchSize: BATCH,
      concurrency: 1,
    }),
  );
  await destination.open({ runId: 'r', syncName: 's' });
  return {
    bodies,
    destination,
    close: async () => {
      await destination.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const asChanges = (batch: StagedChange[]) =>
  batch.map((c) => new RecordTextChange(c.op, idText(c.id), c.recordJson));

/** The texts of every body's batch, in order: what the receiver got, batches aside. */
const received = (bodies: Buffer[]) =>
  bodies.map((body) => {
    const text = body.toString('utf8');
    expect(text.startsWith('{"batch":[') && text.endsWith(']}')).toBe(true);
    return text.slice('{"batch":['.length, -2);
  });

/** Every staged change sent through the lines where it can, and through send() alone. */
async function bothWays(
  adapter: DuckDbAdapter,
  sql: string,
  refuse?: Set<string>,
  pieceBytes?: number,
) {
  const plan = await planDiff(adapter, { ...ref, sql, idColumn: 'id', maxRecords: 1e9 });
  const lines = await receiver(refuse);
  const seqs: number[] = [];
  const failed: string[] = [];
  let asLines = 0;
  try {
    const batches = readStagedJsonLines(adapter, ref, BATCH, {
      staged: plan.staged,
      inScanOrder: plan.stagedInScanOrder === true,
      chunks: SMALL,
      pieceBytes,
    });
    for await (const batch of batches) {
      if (batch instanceof StagedJsonLines) {
        asLines += 1;
        for (let seq = batch.from + 1; seq <= batch.to; seq++) seqs.push(seq);
        const answer = await lines.destination.sendJsonLines(batch);
        if (answer !== 'all') failed.push(...answer.failed.map((f) => f.id));
      } else {
        seqs.push(...batch.map((c) => c.seq));
        const answer = await lines.destination.send(asChanges(batch));
        failed.push(...answer.failed.map((f) => f.id));
      }
    }
  } finally {
    await lines.close();
  }
  const changes = await receiver(refuse);
  const sentFailed: string[] = [];
  try {
    for await (const batch of readStaged(adapter, ref, BATCH)) {
      const answer = await changes.destination.send(asChanges(batch));
      sentFailed.push(...answer.failed.map((f) => f.id));
    }
  } finally {
    await changes.close();
  }
  return {
    staged: plan.staged,
    seqs,
    asLines,
    failed,
    sentFailed,
    lines: received(lines.bodies),
    sent: received(changes.bodies),
  };
}

test('bodies built from the lines the warehouse writes are byte for byte what send() posts', async () => {
  const create = `create table t as select range - 100 as id, ${awkwardText} as v,
      range * 1.25 as price, timestamp '2024-01-01' + to_seconds(range) as at,
      {'a': range, 'b': [1, 2]} as nested from range(0, 230)`;
  // Pieces of 1,000 bytes: batches cut by a piece's end, and longer than a piece.
  const result = await withDuckDbWarehouse(create, (adapter) =>
    bothWays(adapter, 'select * from t', undefined, 1000),
  );
  expect(result.staged).toBe(230);
  expect(result.seqs).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
  // Every batch from lines; a range's end cuts a batch short (7 is no multiple of 10).
  expect(result.asLines).toBeGreaterThan(23);
  expect(result.lines.join(',')).toBe(result.sent.join(','));
  // The same batches as send()'s but where a range's end cuts one short (7 changes, then 3).
  expect(result.lines[0]).toBe(result.sent[0]!.split(',{"op"').slice(0, 7).join(',{"op"'));
});

test('from a line the warehouse cannot write as changeJson would, batches are changes', async () => {
  // Row 60's JSON has a line break between tokens; ids are text beyond ASCII.
  const create = `create table t as select 'é-' || range as id,
      case when range = 60 then '{"a":' || chr(10) || '1}' else '{"a":1}' end::json as doc
    from range(1, 101)`;
  const result = await withDuckDbWarehouse(create, (adapter) =>
    bothWays(adapter, 'select * from t order by id'),
  );
  expect(result.seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  expect(result.asLines).toBeGreaterThan(0);
  expect(result.asLines).toBeLessThan(10);
  expect(result.lines.join(',')).toBe(result.sent.join(','));
  expect(result.lines.join(',')).toContain(
    '{"op":"new","id":"é-60","record":{"id":"é-60","doc":{"a":1}}}',
  );
});

test('a 207 names the refused changes of a batch sent as lines, as send() does', async () => {
  const refuse = new Set(['3', '17', '18', '99']);
  const result = await withDuckDbWarehouse(
    'create table t as select range as id, range * 2 as v from range(120)',
    (adapter) => bothWays(adapter, 'select * from t', refuse),
  );
  expect(result.asLines).toBeGreaterThan(0);
  expect(result.failed).toEqual(['3', '17', '18', '99']);
  expect(result.sentFailed).toEqual(result.failed);
  expect(result.lines.join(',')).toBe(result.sent.join(','));
});
