import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCore, type Core } from '../createCore.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { tempHome } from '../testing/tempHome.js';
import { pgQuery } from '../testing/pgQuery.js';

/**
 * Issue 7.4: every identifier Ebb writes is quoted. A warehouse state schema, a model, a sync, a
 * column, an id column, a mapped field and a destination table all named like SQL injections are
 * only names, on DuckDB and on PostgreSQL, through a full sync (twice, with changes and deletes);
 * and model SQL runs only as one query, never as a script.
 */
const HOSTILE = 'x"; drop table users; --';
const HOSTILE_2 = "y'); drop table users; --";
const MAPPED = 'z"); drop table users; /*';

let server: TestPostgres;
let destinationUrl: string;
let cleanup: () => void;
let home: string;
let core: Core;

beforeAll(async () => {
  server = await startTestPostgres();
  destinationUrl = await server.createDatabase('hostile_destination');
  await pgQuery(destinationUrl, 'create table users (id int)');
  ({ home, cleanup } = tempHome('ebb-hostile-'));
  core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
});
afterAll(async () => {
  core?.close();
  cleanup?.();
  await server?.stop();
});

async function duckRows(file: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function call(name: string, arg: unknown): Promise<unknown> {
  const answer = await core.dispatch(name, arg);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Warehouse {
  kind: 'duckdb' | 'postgres';
  add(name: string): Promise<unknown>;
  exec(sql: string): Promise<void>;
  usersExists(): Promise<boolean>;
  tableCount(schema: string): Promise<number>;
}

async function duckdbWarehouse(): Promise<Warehouse> {
  const file = path.join(home, 'hostile.duckdb');
  await runDuckDb(
    file,
    "create table users as select range::int as id, 'u' || range as name from range(3)",
  );
  return {
    kind: 'duckdb',
    add: (name) =>
      call('warehouses.add', { kind: 'duckdb', name, path: file, stateSchema: HOSTILE }),
    exec: (sql) => runDuckDb(file, sql),
    usersExists: async () =>
      Number(
        (
          await duckRows(
            file,
            "select count(*) from information_schema.tables where table_name = 'users'",
          )
        )[0]![0],
      ) === 1,
    tableCount: async (schema) =>
      Number(
        (
          await duckRows(
            file,
            `select count(*) from information_schema.tables where table_schema = '${schema.replace(/'/g, "''")}'`,
          )
        )[0]![0],
      ),
  };
}

async function postgresWarehouse(): Promise<Warehouse> {
  const url = await server.createDatabase('hostile_warehouse');
  await pgQuery(
    url,
    "create table users as select g as id, 'u' || g as name from generate_series(0, 2) g",
  );
  return {
    kind: 'postgres',
    add: (name) => call('warehouses.add', { kind: 'postgres', name, url, stateSchema: HOSTILE }),
    exec: async (sql) => void (await pgQuery(url, sql)),
    usersExists: async () =>
      (await pgQuery(url, "select to_regclass('public.users') is not null as present"))[0]!
        .present === true,
    tableCount: async (schema) =>
      Number(
        (
          await pgQuery(
            url,
            `select count(*)::int as n from information_schema.tables where table_schema = '${schema.replace(/'/g, "''")}'`,
          )
        )[0]!.n,
      ),
  };
}

const destinationUsersExists = async () =>
  (await pgQuery(destinationUrl, "select to_regclass('public.users') is not null as present"))[0]!
    .present === true;

describe.each([
  ['duckdb', duckdbWarehouse],
  ['postgres', postgresWarehouse],
] as const)('on %s', (kind, make) => {
  let warehouse: Warehouse;
  const name = (base: string) => `${base} ${kind}`;
  const table = `${HOSTILE} ${kind}`;

  beforeAll(async () => {
    warehouse = await make();
  });

  test('a sync where every name is an injection only ever treats them as names', async () => {
    await warehouse.add(name(HOSTILE));
    const sql = `select id as ${q(HOSTILE)}, name as ${q(HOSTILE_2)} from users`;
    await call('models.add', {
      name: name(HOSTILE),
      warehouse: name(HOSTILE),
      sql,
      idColumn: HOSTILE,
    });
    expect(
      await call('models.check', { warehouse: name(HOSTILE), sql, idColumn: HOSTILE }),
    ).toMatchObject({
      ok: true,
      columns: [{ name: HOSTILE }, { name: HOSTILE_2 }],
    });
    expect(
      await call('models.run', { warehouse: name(HOSTILE), sql, idColumn: HOSTILE }),
    ).toMatchObject({
      rows: [{ [HOSTILE]: 0 }, { [HOSTILE]: 1 }, { [HOSTILE]: 2 }],
    });
    await call('destinations.add', {
      name: name(HOSTILE),
      config: { type: 'postgres', url: destinationUrl, table, idColumn: HOSTILE },
    });
    await call('syncs.add', {
      name: name(HOSTILE),
      model: name(HOSTILE),
      destination: name(HOSTILE),
      mode: 'mirror',
      mapping: {
        fields: [
          { source: HOSTILE, target: HOSTILE },
          { source: HOSTILE_2, target: MAPPED },
        ],
      },
    });

    expect(await call('syncs.preview', { sync: name(HOSTILE) })).toMatchObject({
      changes: { new: 3, updated: 0, deleted: 0 },
    });
    expect(await call('syncs.run', { sync: name(HOSTILE) })).toMatchObject({
      status: 'succeeded',
      delivered: 3,
    });
    // Ebb's state lives in the schema named like an injection.
    expect(await warehouse.tableCount(HOSTILE)).toBeGreaterThan(0);

    await warehouse.exec("update users set name = 'changed' where id = 1");
    await warehouse.exec('delete from users where id = 2');
    expect(await call('syncs.run', { sync: name(HOSTILE) })).toMatchObject({
      status: 'succeeded',
      changes: { new: 0, updated: 1, deleted: 1 },
    });
    const rows = await pgQuery(destinationUrl, `select * from public.${q(table)} order by 1`);
    expect(rows).toEqual([
      { [HOSTILE]: 0, [MAPPED]: 'u0' },
      { [HOSTILE]: 1, [MAPPED]: 'changed' },
    ]);
    expect(await call('syncs.reset', { sync: name(HOSTILE) })).toBeTruthy();
    expect(await call('runs.list', { sync: name(HOSTILE) })).toHaveLength(2);

    expect(await warehouse.usersExists()).toBe(true);
    expect(await destinationUsersExists()).toBe(true);
  });

  const scripts = [
    'select 1; drop table users',
    'select 1 as id; drop table users;',
    'drop table users',
    '/* a comment */ drop table users',
    'select 1 as id;; drop table users',
    'with x as (select 1 as id) select * from x; drop table users',
    "select ';' as id; drop table users",
    'select 1 as id) as t; drop table users; select * from (select 1 as id',
    'select 1 as id -- ;\n; drop table users',
    'select 1 as id /* ; */; drop table users',
    'select 1 as "a;b"; drop table users',
    'select 1 as id; commit; drop table users',
    'delete from users returning id',
    'create table pwned as select 1 as id',
    'insert into users values (9)',
    "select * from query('drop table users')",
    // A keyword ending in E before a quote is not an E'…' string (found in review).
    "select 1 as id, case when false then 'a' else'\\' end as x) as t; drop table users; select * from (select 1 as id --'",
    "select 1 as id, case when false then 'a' else'\\' end as x) as t; commit; drop table users; select * from (select 1 as id --'",
    // `$$` after a non-ASCII identifier character is part of the identifier, not a dollar quote.
    'select 1 as id) as é$$; drop table users; select * from (select 1 as é$$',
    'select 1 as id) as é$$; commit; drop table users; select * from (select 1 as é$$',
  ];

  test.each(scripts.map((sql) => [sql]))(
    'model SQL %j is refused as a script and users survives',
    async (sql) => {
      const ref = name(HOSTILE);
      const checked = (await core.dispatch('models.check', {
        warehouse: ref,
        sql,
        idColumn: 'id',
      })) as {
        ok: boolean;
        data?: { ok: boolean; problems: { code: string }[] };
        error?: { code: string };
      };
      if (checked.ok) expect(checked.data!.ok).toBe(false);
      const run = await core.dispatch('models.run', { warehouse: ref, sql, idColumn: 'id' });
      expect(run.ok).toBe(false);
      expect(await warehouse.usersExists()).toBe(true);
    },
  );

  test('semicolons inside strings, identifiers and comments are still one query', async () => {
    const sql = `select ';' as id, 1 as "a;b" -- ; not a separator\n/* ; */`;
    expect(
      await call('models.run', { warehouse: name(HOSTILE), sql, idColumn: 'id' }),
    ).toMatchObject({
      rows: [{ id: ';', 'a;b': 1 }],
    });
  });
});
