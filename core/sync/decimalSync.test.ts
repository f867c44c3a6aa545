import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sameDecimal } from '../testing/decimalOracle.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { pgQuery } from '../testing/pgQuery.js';

/** DECIMAL(38,20) values around where doubles stop being exact, and what goes out for each. */
const VALUES: [id: number, text: string | null, json: number | string | null][] = [
  [1, '9007199254740993.25', '9007199254740993.25'],
  [2, '1.5', 1.5],
  [3, '0.1', 0.1],
  [4, '-12345678901234567.89012345678901234567', '-12345678901234567.89012345678901234567'],
  [5, '12345678901234567', '12345678901234567'],
  [6, '0.00000000000000000001', 1e-20],
  [7, '0.12345678901234568', 0.12345678901234568],
  [8, null, null],
];
const INSERT = `insert into prices values ${VALUES.map(([id, text]) => `(${id}, ${text === null ? 'null' : `'${text}'`})`).join(', ')}`;

let server: TestPostgres;
let fixture: SyncFixture;
let pgUrl: string;

beforeAll(async () => {
  server = await startTestPostgres();
  pgUrl = await server.createDatabase('decimals');
  fixture = await syncFixture(1);
  await runDuckDb(
    fixture.warehouseFile,
    'create table prices (id integer, amount decimal(38, 20))',
    INSERT,
  );
  await pgQuery(pgUrl, 'create table prices (id integer, amount numeric(38, 20))');
  await pgQuery(pgUrl, INSERT);
  await fixture.call('warehouses.add', { kind: 'postgres', name: 'pgwh', url: pgUrl });
});
afterAll(async () => {
  fixture?.close();
  await server?.stop();
});

const WAREHOUSES = [
  {
    name: 'wh',
    label: 'DuckDB',
    edit: (sql: string) => runDuckDb(fixture.warehouseFile, sql),
  },
  { name: 'pgwh', label: 'PostgreSQL', edit: (sql: string) => pgQuery(pgUrl, sql) },
];

describe.each(WAREHOUSES)('decimals from $label', ({ name, edit }) => {
  test('go out exactly through a real sync (file and PostgreSQL destinations); an unchanged decimal stays unchanged', async () => {
    const { call, home } = fixture;
    const out = path.join(home, `out-${name}`);
    fs.mkdirSync(out);
    await call('models.add', {
      name: `prices-${name}`,
      warehouse: name,
      sql: 'select id, amount from prices',
      idColumn: 'id',
    });
    await call('destinations.add', {
      name: `file-${name}`,
      config: { type: 'file', path: out, format: 'jsonl' },
    });
    const table = `copy_from_${name}`;
    await call('destinations.add', {
      name: `pg-${name}`,
      config: { type: 'postgres', url: server.url, table },
    });
    for (const to of ['file', 'pg']) {
      await call('syncs.add', {
        name: `${to}-${name}`,
        model: `prices-${name}`,
        destination: `${to}-${name}`,
        mode: 'mirror',
      });
    }

    const delivered = async (runId: string) => {
      const file = fs.readdirSync(out).find((f) => f.includes(runId))!;
      const lines = fs.readFileSync(path.join(out, file), 'utf8').trim().split('\n');
      return new Map(
        lines.map((line) => {
          const change = JSON.parse(line) as { id: string; record: { amount: unknown } };
          return [Number(change.id), change.record.amount];
        }),
      );
    };

    const first = await call('syncs.run', { sync: `file-${name}` });
    expect(first).toMatchObject({ status: 'succeeded', delivered: VALUES.length });
    expect(await delivered(first.runId)).toEqual(new Map(VALUES.map(([id, , json]) => [id, json])));
    const raw = fs.readFileSync(
      path.join(
        out,
        fs.readdirSync(out).find((f) => f.includes(first.runId))!,
      ),
      'utf8',
    );
    expect(raw).toContain('"amount":"9007199254740993.25"');

    // The PostgreSQL destination holds each value exactly, row by row.
    expect(await call('syncs.run', { sync: `pg-${name}` })).toMatchObject({
      status: 'succeeded',
      delivered: VALUES.length,
    });
    const held = await pgQuery(server.url, `select id, amount::text as amount from ${table}`);
    expect(held).toHaveLength(VALUES.length);
    for (const row of held) {
      const text = VALUES.find(([id]) => id === row.id)?.[1];
      expect([
        row.id,
        text === null ? row.amount : sameDecimal(String(row.amount), String(text)),
      ]).toEqual([row.id, text === null ? null : true]);
    }

    // Unchanged decimals are unchanged: nothing is resent.
    for (const to of ['file', 'pg']) {
      const quiet = await call('syncs.run', { sync: `${to}-${name}` });
      expect(quiet.changes).toEqual({ new: 0, updated: 0, deleted: 0 });
    }

    // A change in the 20th decimal place, below any double's reach, is found and sent exactly.
    await edit('update prices set amount = amount + 0.00000000000000000001 where id = 1');
    try {
      const nudged = await call('syncs.run', { sync: `file-${name}` });
      expect(nudged.changes).toEqual({ new: 0, updated: 1, deleted: 0 });
      expect(await delivered(nudged.runId)).toEqual(
        new Map([[1, '9007199254740993.25000000000000000001']]),
      );
      await call('syncs.run', { sync: `pg-${name}` });
      const [row] = await pgQuery(
        server.url,
        `select amount::text as amount from ${table} where id = 1`,
      );
      expect(row?.amount).toBe('9007199254740993.25000000000000000001');
    } finally {
      await edit('update prices set amount = 9007199254740993.25 where id = 1');
    }
  });
});
