import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { RecordTextChange } from '../destinations/changeJson.js';
import { FileDestination } from '../destinations/file/fileDestination.js';
import { planDiff, readStaged } from '../diff/index.js';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import { tempHome } from '../testing/tempHome.js';
import { idText } from '../values/idText.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { deliverByExport } from './exportDelivery.js';
import { unmeteredQuota, type QuotaMeter } from './quota.js';
import { serialQueue } from './serialQueue.js';
import { awkwardText } from '../testing/awkwardText.js';

const ref = { syncKey: 'export', stateSchema: '_ebb_reverse_etl' };
const SMALL = { firstRows: 7, maxRows: 40, maxBytes: 1 << 20 };

/** Every change of a first sync of `sql` to a JSON Lines file: through the export, the rest sent. */
async function deliver(
  adapter: DuckDbAdapter,
  sql: string,
  dir: string,
  quota = unmeteredQuota,
  format: 'jsonl' | 'csv' = 'jsonl',
) {
  const plan = await planDiff(adapter, { ...ref, sql, idColumn: 'id', maxRecords: 1e9 });
  const acknowledged: [number, number][] = [];
  let inDoubt = 0;
  // A CSV file's header names the model's columns (RunInfo.columns).
  const described = await adapter.query(`describe ${sql}`);
  const run = {
    runId: 'r',
    syncName: 's',
    idColumn: 'id',
    columns: described.map((c) => ({ name: String(c.column_name), type: String(c.column_type) })),
  };
  const exported = new FileDestination({ path: path.join(dir, 'exported'), format });
  await exported.open(run);
  const db = new Database(':memory:');
  const done = await deliverByExport({
    adapter,
    ref,
    destination: exported,
    staged: plan.staged,
    inScanOrder: plan.stagedInScanOrder === true,
    signal: new AbortController().signal,
    db,
    quota,
    reservation: { runId: 'r', syncId: 's', destinationId: 'd' },
    acks: {
      noteInDoubt: () => [++inDoubt],
      settle: (doubtIds, ranges) => {
        expect(doubtIds).toEqual([inDoubt]);
        acknowledged.push(...ranges);
      },
    },
    warehouseWork: serialQueue(),
    delivered: () => undefined,
    chunks: SMALL,
  });
  db.close();
  await sendAll(adapter, exported, done);
  // The same changes, every one through send().
  const sent = new FileDestination({ path: path.join(dir, 'sent'), format });
  await sent.open(run);
  await sendAll(adapter, sent, 0);
  const text = (folder: string) =>
    fs.readFileSync(path.join(dir, folder, fs.readdirSync(path.join(dir, folder))[0]!), 'utf8');
  return { plan, done, acknowledged, exported: text('exported'), sent: text('sent') };
}

async function sendAll(adapter: DuckDbAdapter, destination: FileDestination, afterSeq: number) {
  for await (const batch of readStaged(adapter, ref, 10, afterSeq)) {
    const result = await destination.send(
      batch.map((c) => new RecordTextChange(c.op, idText(c.id), c.recordJson)),
    );
    expect(result.failed).toEqual([]);
  }
  await destination.close();
}

function withTable<T>(create: string, work: (adapter: DuckDbAdapter, dir: string) => Promise<T>) {
  const temp = tempHome('ebb-export-');
  return withDuckDbWarehouse(create, (adapter) => work(adapter, temp.home)).finally(temp.cleanup);
}

test('the lines the warehouse writes are byte for byte what send() writes, in seq order', async () => {
  const create = `create table t as select range - 100 as id, ${awkwardText} as v,
      range * 1.25 as price, timestamp '2024-01-01' + to_seconds(range) as at,
      {'a': range, 'b': [1, 2]} as nested from range(0, 230)`;
  const result = await withTable(create, (adapter, dir) =>
    deliver(adapter, 'select * from t', dir),
  );
  expect(result.plan.staged).toBe(230);
  // All through the export, acknowledged range by range, each change once.
  expect(result.done).toBe(230);
  expect(result.acknowledged[0]).toEqual([1, 7]);
  expect(result.acknowledged.flatMap(([a, b]) => [b - a + 1]).reduce((x, y) => x + y)).toBe(230);
  expect(result.exported).toBe(result.sent);
  expect(result.exported.split('\n')).toHaveLength(231);
  expect(JSON.parse(result.exported.split('\n')[1]!)).toMatchObject({
    op: 'new',
    id: '-99',
    record: { id: -99, v: 'tab\tnewline\ncr\rbell\u0007' },
  });
});

test('text ids without escapes go out as the warehouse writes them', async () => {
  const create = `create table t as select 'user-' || range || ' é "' as id, range as n
    from range(0, 50)`;
  const result = await withTable(create, (adapter, dir) =>
    deliver(adapter, `select replace(id, '"', '') as id, n from t`, dir),
  );
  expect(result.done).toBe(50);
  expect(result.exported).toBe(result.sent);
});

test('from a line the warehouse cannot write as Node would, the rest is sent change by change', async () => {
  // Row 60's JSON has a line break between tokens (Node puts it on one line), and ids of 16
  // digits are read by Node through JSON.parse: neither goes out as the warehouse writes it.
  const create = `create table t as select range as id,
      case when range = 60 then '{"a":' || chr(10) || '1}' else '{"a":1}' end::json as doc
    from range(1, 101)`;
  const result = await withTable(create, (adapter, dir) =>
    deliver(adapter, 'select * from t', dir),
  );
  // Two ranges of 7, then 40: the third (15…54) went out, the one holding 60 did not.
  expect(result.done).toBe(54);
  expect(result.acknowledged).toEqual([
    [1, 7],
    [8, 14],
    [15, 54],
  ]);
  expect(result.exported).toBe(result.sent);
  expect(result.exported).toContain('{"op":"new","id":"60","record":{"id":60,"doc":{"a":1}}}\n');

  const big = await withTable(
    `create table t as select range + 9007199254740000 as id from range(3)`,
    (adapter, dir) => deliver(adapter, 'select * from t', dir),
  );
  expect(big.done).toBe(0);
  expect(big.exported).toBe(big.sent);
});

test('a range the warehouse fails to write is sent change by change, with the rest', async () => {
  const result = await withTable(
    'create table t as select range as id, range * 2 as v from range(100)',
    (adapter, dir) => {
      const aside = adapter.queryAside.bind(adapter);
      let calls = 0;
      adapter.queryAside = (sql: string) =>
        ++calls === 3 ? Promise.reject(new Error('No space left on device')) : aside(sql);
      return deliver(adapter, 'select * from t', dir);
    },
  );
  // Ranges 1-7 and 8-14 went out; the third (15-54) failed in the warehouse.
  expect(result.done).toBe(14);
  expect(result.exported).toBe(result.sent);
});

test('short of the plan limit, nothing is exported and the quota is given back', async () => {
  const settled: { delivered: number; failed: number }[] = [];
  const quota: QuotaMeter = {
    ...unmeteredQuota,
    reserve: ({ requested }) => ({ reservationId: 'q', granted: Math.min(requested, 5) }),
    settle: (_id, counts) => void settled.push(counts),
  };
  const result = await withTable(
    'create table t as select range as id from range(20)',
    (adapter, dir) => deliver(adapter, 'select * from t', dir, quota),
  );
  expect(result.done).toBe(0);
  expect(result.acknowledged).toEqual([]);
  expect(settled).toEqual([{ delivered: 0, failed: 0 }]);
  expect(result.exported).toBe(result.sent);
});

test("ranges are written on one DuckDB thread, and the warehouse's threads are as found after, a failed range included", async () => {
  const seen = await withTable(
    'create table t as select range as id, range * 2 as v from range(100)',
    async (adapter, dir) => {
      await adapter.execute('set threads = 3');
      const threads = async () =>
        Number((await adapter.query(`select current_setting('threads') as t`))[0]?.t);
      const aside = adapter.queryAside.bind(adapter);
      const during: number[] = [];
      let calls = 0;
      adapter.queryAside = async (sql: string) => {
        during.push(Number((await aside(`select current_setting('threads') as t`))[0]?.t));
        return ++calls === 3 ? Promise.reject(new Error('No space left on device')) : aside(sql);
      };
      await deliver(adapter, 'select * from t', dir);
      return { during, after: await threads() };
    },
  );
  expect(seen.during.length).toBeGreaterThanOrEqual(3);
  expect(new Set(seen.during)).toEqual(new Set([1]));
  expect(seen.after).toBe(3);
});

/** A model of every kind of CSV cell, one row per `range`, with `extra` columns too. */
const csvModel = (rows: number, extra = '') => `create table t as select range as id,
    case range % 9
      when 0 then 'comma, and "quotes"'
      when 1 then ' leading space'
      when 2 then 'trailing tab' || chr(9)
      when 3 then chr(160) || 'no-break space first'
      when 4 then 'ideographic space last' || chr(12288)
      when 5 then chr(65279) || 'byte order mark'
      when 6 then ''
      when 7 then null
      else 'é ü 中文 😀 ' || chr(8232) || ' inside' end as "name, with comma",
    (range * 1.25)::decimal(18, 2) as "price/eur",
    (range * 1234567.5)::decimal(38, 2) as "big~total",
    case range % 5 when 0 then 0.1 when 1 then 1e16 when 2 then -0.0 when 3 then 123.456
      else range / 7 end::double as "ratio ""x""",
    range % 3 = 0 as active, timestamp '2024-05-01 10:00:00' + to_seconds(range) as at,
    range * 9007199254740 as wide, range::hugeint * 4611686018427387904 as huge${extra}
  from range(1, ${rows + 1})`;

test('CSV rows the warehouse writes are byte for byte what send() writes', async () => {
  const result = await withTable(csvModel(120), (adapter, dir) =>
    deliver(adapter, 'select * from t', dir, unmeteredQuota, 'csv'),
  );
  expect(result.done).toBe(120);
  expect(result.exported).toBe(result.sent);
  expect(result.exported.split('\n')).toHaveLength(122);
  expect(result.exported.split('\n')[1]).toBe(
    'new,1," leading space",1.25,1234567.5,10000000000000000,false,2024-05-01T10:00:01.000Z,9007199254740,4611686018427387904,',
  );
});

test('from a CSV row the warehouse cannot write as Node would, the rest is sent change by change', async () => {
  for (const extra of [
    `, case when range = 60 then 'two' || chr(10) || 'lines' end as note`,
    `, case when range = 60 then 1e-7 else 0.5 end::double as tiny`,
    `, case when range = 60 then 1e21 else 0.5 end::double as vast`,
    `, case when range = 60 then [1, 2] end as list`,
    `, case when range = 60 then {'a': 1} end as struct`,
  ]) {
    const result = await withTable(csvModel(100, extra), (adapter, dir) =>
      deliver(adapter, 'select * from t', dir, unmeteredQuota, 'csv'),
    );
    // Ranges of 7, 7, then 40: the third (15…54) went out, the one holding row 60 did not.
    expect({ extra, done: result.done }).toEqual({ extra, done: 54 });
    expect(result.exported).toBe(result.sent);
  }
});
