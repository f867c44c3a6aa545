import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  commitAcknowledged,
  planDiff as planDiffBy,
  previewDiff,
  readStaged,
  resetState,
  type PlanOptions,
  type StagedChange,
} from '../diff/index.js';
import { stateTables } from '../diff/stateTables.js';
import { checkModel } from '../models/checkModel.js';
import { MAX_COLUMNS, MAX_COLUMN_JSON_BYTES, MAX_RECORD_JSON_BYTES } from '../models/limits.js';
import { quoteIdent } from '../values/sqlLiteral.js';
import type { JsonRecord } from '../values/valueType.js';
import { expectedDecimalJson, sameDecimal } from '../testing/decimalOracle.js';
import type { WarehouseAdapter } from './types.js';

/** What a warehouse under test provides to the shared suite. */
export interface ConformanceHarness {
  /** A fresh adapter on the shared test warehouse. */
  open(): Promise<WarehouseAdapter>;
  /** SQL for a binary value given in base64. */
  blobFromBase64(base64: string): string;
  /** The longest column name the warehouse keeps (longer ones are shortened), if any. */
  maxIdentifierLength?: number;
  /** A read-only login on the same warehouse, when the warehouse has roles. */
  readOnly?: (grantOn: string[]) => Promise<{ adapter: WarehouseAdapter; role: string }>;
  /** The statements a PERMISSION_DENIED message must name (default: PostgreSQL's). */
  grantHints?: {
    create(schema: string, role: string): string;
    grant(schema: string, role: string): string;
  };
  /** A relation of one integer column `g` from 1 to n (default: generate_series). */
  series?: (n: number) => string;
  /** The `created_at` of user g: 2024-01-01 00:00 plus g hours (default: interval arithmetic). */
  hoursAfter2024?: (g: string) => string;
  /** A text column type that holds a few hundred KiB (default `text`). */
  longText?: string;
  /** The 4-byte float type (default `real`; MySQL's REAL is a double). */
  singleFloat?: string;
  /** A query of the value kinds the warehouse has, as EXPECTED_VALUES (default: valuesSql). */
  valuesQuery?: (adapter: WarehouseAdapter) => Promise<string>;
  /** EXPECTED_VALUES keys of kinds the warehouse does not have (MySQL: lists). */
  omitValues?: string[];
}

const postgresGrantHints = {
  create: (schema: string, role: string) => `CREATE SCHEMA "${schema}" AUTHORIZATION "${role}";`,
  grant: (schema: string, role: string) =>
    `GRANT USAGE, CREATE ON SCHEMA "${schema}" TO "${role}";`,
};

/** The JSON every warehouse must produce for VALUES_SQL (CLI.md value rules). */
export const EXPECTED_VALUES: JsonRecord = {
  id: 1,
  i: 42,
  big_safe: 9007199254740991,
  big: '9007199254740993',
  neg_big: '-9007199254740993',
  f: 1.5,
  d: 12.5,
  s: 'héllo "q"\n\\',
  dt: '2024-02-03',
  ts: '2024-01-02T03:04:05.678Z',
  ts_us: '2024-01-02T03:04:05.123456Z',
  ts_whole: '2024-01-02T03:04:05.000Z',
  tstz: '2024-01-02T03:04:05.000Z',
  b: true,
  n: null,
  t: '12:34:56',
  u: '123e4567-e89b-12d3-a456-426614174000',
  bin: 'qgD/',
  j: { a: [1, 2, { b: null }] },
  l: [1, null, 3],
};

const valuesSql = (h: ConformanceHarness) => `select
  cast(1 as integer) as id,
  cast(42 as integer) as i,
  cast(9007199254740991 as bigint) as big_safe,
  cast(9007199254740993 as bigint) as big,
  cast(-9007199254740993 as bigint) as neg_big,
  cast(1.5 as float8) as f,
  cast(12.50 as numeric(10, 2)) as d,
  'héllo "q"' || chr(10) || '\\' as s,
  cast('2024-02-03' as date) as dt,
  cast('2024-01-02 03:04:05.678' as timestamp) as ts,
  cast('2024-01-02 03:04:05.123456' as timestamp) as ts_us,
  cast('2024-01-02 03:04:05' as timestamp) as ts_whole,
  cast('2024-01-02 05:04:05+02' as timestamptz) as tstz,
  true as b,
  cast(null as text) as n,
  cast('12:34:56' as time) as t,
  cast('123e4567-e89b-12d3-a456-426614174000' as uuid) as u,
  ${h.blobFromBase64('qgD/')} as bin,
  cast('{"a": [1, 2, {"b": null}]}' as json) as j,
  array[1, null, 3] as l`;

async function drain<T>(iterable: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of iterable) all.push(...batch);
  return all;
}

async function tableCount(adapter: WarehouseAdapter, table: string): Promise<number> {
  const [row] = await adapter.query(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

/**
 * Registers the suite twice: a first sync (empty state) planned by the first-sync path
 * (core/diff/firstSync.ts), then by the general diff, so both are held to every test.
 */
export function registerConformanceTests(name: string, harness: () => ConformanceHarness) {
  let counter = 0;
  for (const firstSyncPath of ['fast', 'general'] as const) {
    registerSuite(`${name} warehouse conformance (first sync: ${firstSyncPath} path)`, {
      harness,
      firstSyncPath,
      next: () => ++counter,
    });
  }
}

function registerSuite(
  title: string,
  suite: {
    harness: () => ConformanceHarness;
    firstSyncPath: 'fast' | 'general';
    next: () => number;
  },
) {
  const { harness, firstSyncPath } = suite;
  const planDiff = (on: WarehouseAdapter, o: PlanOptions) =>
    planDiffBy(on, { ...o, firstSyncPath });
  describe(title, () => {
    let h: ConformanceHarness;
    let adapter: WarehouseAdapter;
    const syncKey = (label: string) => `${label}-${suite.next()}`;
    const stateSchema = '_ebb_reverse_etl';
    const series = (n: number) => h.series?.(n) ?? `generate_series(1, ${n}) as s(g)`;

    beforeAll(async () => {
      h = harness();
      adapter = await h.open();
      await adapter.execute('drop table if exists users');
      await adapter.execute(`create table users (id integer, name text, email text,
        score float8, created_at timestamp, active boolean)`);
      const hours =
        h.hoursAfter2024 ??
        ((g) => `cast('2024-01-01 00:00:00' as timestamp) + ${g} * interval '1 hour'`);
      await adapter.execute(`insert into users
        select g, 'user ' || g, 'u' || g || '@example.com', g * 1.5, ${hours('g')}, g % 2 = 0
          from ${series(25)}`);
    });
    afterAll(async () => {
      await adapter?.close();
    });

    /** A model table of its own for a test: ids 1..n, editable without disturbing others. */
    async function modelTable(n: number): Promise<string> {
      const table = `m_${suite.next()}`;
      await adapter.execute(`create table ${table} (id integer, name text, qty integer)`);
      if (n > 0) {
        await adapter.execute(
          `insert into ${table} select g, 'item ' || g, g * 10 from ${series(n)}`,
        );
      }
      return table;
    }

    const options = (table: string, extra: Partial<PlanOptions> = {}): PlanOptions => ({
      syncKey: syncKey(table),
      stateSchema,
      sql: `select id, name, qty from ${table}`,
      idColumn: 'id',
      maxRecords: 1_000_000,
      ...extra,
    });

    /** Plans, reads everything staged and acknowledges all of it. */
    async function syncAll(o: PlanOptions) {
      const plan = await planDiff(adapter, o);
      const staged = await drain(readStaged(adapter, o, 100));
      await commitAcknowledged(adapter, o, staged);
      return { plan, staged };
    }

    /** A model table of `n` rows (modelTable) and its plan options, synced once. */
    async function syncedModel(n: number) {
      const table = await modelTable(n);
      const o = options(table);
      await syncAll(o);
      return { table, o };
    }

    test('lists tables with their columns, hiding Ebb state', async () => {
      await syncAll(options(await modelTable(2)));
      const tables = await adapter.listTables();
      const users = tables.find((t) => t.name === 'users');
      expect(users?.columns.map((c) => c.name)).toEqual([
        'id',
        'name',
        'email',
        'score',
        'created_at',
        'active',
      ]);
      expect(tables.some((t) => t.schema.startsWith('_ebb'))).toBe(false);
    });

    test('describes a query without reading its rows', async () => {
      const columns = await adapter.describeQuery('select id, name, score from users;  ');
      expect(columns.map((c) => [c.name, c.valueType.kind])).toEqual([
        ['id', 'int'],
        ['name', 'string'],
        ['score', 'float'],
      ]);
      expect(columns[0]?.type).toMatch(/int/i);
    });

    test('refuses what is not one query, without running it', async () => {
      await expect(adapter.describeQuery('DROP TABLE users')).rejects.toMatchObject({
        code: 'NOT_A_QUERY',
      });
      await expect(adapter.describeQuery('select 1; drop table users')).rejects.toMatchObject({
        code: 'NOT_A_QUERY',
      });
      await expect(
        adapter.describeQuery('-- looks harmless\ndelete from users'),
      ).rejects.toMatchObject({ code: 'NOT_A_QUERY' });
      const problems = await checkModel(adapter, { sql: 'DROP TABLE users', idColumn: 'id' });
      expect(problems.map((p) => p.code)).toEqual(['NOT_A_QUERY']);
      expect(await tableCount(adapter, 'users')).toBe(25);
    });

    test('reports SQL errors with the line and column in the model', async () => {
      const problems = await checkModel(adapter, {
        sql: 'select id,\n       no_such_column\n  from users',
        idColumn: 'id',
      });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'SQL_ERROR', line: 2 });
      expect(problems[0]?.message).toMatch(/no_such_column/);
      expect(problems[0]?.column).toBe(8);
    });

    test('an error in what the analyst left unfinished points at their text, never the wrapper', async () => {
      // The model runs wrapped in a subquery: the warehouse fails at the wrapper's ")".
      const problems = await checkModel(adapter, {
        sql: 'select id, name\nfrom users where',
        idColumn: 'id',
      });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'SQL_ERROR', line: 2, column: 16 });
      expect(problems[0]?.message).not.toMatch(/"\)"|as m|limit 0/);
      const unterminated = await checkModel(adapter, {
        sql: "select id, 'abc from users",
        idColumn: 'id',
      });
      expect(unterminated[0]).toMatchObject({ code: 'SQL_ERROR', line: 1 });
      expect(unterminated[0]?.message).not.toMatch(/as m|limit 0/);
    });

    test('streams rows in chunks as JSON records', async () => {
      const chunks: number[] = [];
      let first: JsonRecord | undefined;
      for await (const chunk of adapter.streamRows('select * from users order by id', 10)) {
        chunks.push(chunk.length);
        first ??= chunk[0];
      }
      expect(chunks).toEqual([10, 10, 5]);
      expect(first).toEqual({
        id: 1,
        name: 'user 1',
        email: 'u1@example.com',
        score: 1.5,
        created_at: '2024-01-01T01:00:00.000Z',
        active: false,
      });
    });

    test('renders every kind of value as the same JSON', async () => {
      const sql = h.valuesQuery ? await h.valuesQuery(adapter) : valuesSql(h);
      const expected = Object.fromEntries(
        Object.entries(EXPECTED_VALUES).filter(([key]) => !h.omitValues?.includes(key)),
      );
      const rows = await drain(adapter.streamRows(sql, 10));
      expect(rows).toEqual([expected]);
      // The staged record (rendered by the diff, not by streamRows) is the same JSON.
      const o = { ...options('x'), sql };
      await planDiff(adapter, o);
      const [change] = await drain(readStaged(adapter, o, 10));
      expect(change?.record).toEqual(expected);
      expect(change?.id).toBe(1);
    });

    test('a 4-byte float goes out as its shortest decimal, and a change in its 7th digit is an update', async () => {
      // The shortest decimal that reads back as the same float (what PostgreSQL and DuckDB print).
      const shortest = (f: number) => {
        for (let p = 1; p < 9; p++) {
          if (Math.fround(Number(f.toPrecision(p))) === f) return f.toPrecision(p);
        }
        return f.toPrecision(9);
      };
      let seed = 11;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const texts = ['16777216', '0.1', '123456.79', '1234567', '-0.000123456', '1e-10', '0'];
      texts.push('3.4e38', '1.1754944e-38', '3.1415927', '8388607.5');
      for (let i = 0; i < 200; i++) {
        const f = Math.fround((random() - 0.5) * 10 ** Math.floor(random() * 60 - 30));
        texts.push(shortest(f));
      }
      const table = `f32_${suite.next()}`;
      await adapter.execute(`create table ${table} (id integer, r ${h.singleFloat ?? 'real'})`);
      await adapter.execute(
        // As double literals (e0): a decimal one may reach the float through a rounded division.
        `insert into ${table} values ${texts.map((t, i) => `(${i + 1}, ${t.includes('e') ? t : `${t}e0`})`).join(', ')}, (0, null)`,
      );
      const o = options(table, { sql: `select id, r from ${table}` });
      const { staged } = await syncAll(o);
      const sent = new Map(staged.map((c) => [Number(c.id), c.record?.r]));
      // Every value reads back as the same float; these anchors as their shortest text exactly
      // (DuckDB prints a float that is a whole number in all its digits: -307525984, not 8).
      const anchors = texts.slice(0, 10);
      const wrong = texts
        .map((text, i) => [text, sent.get(i + 1)] as const)
        .filter(([text, value]) =>
          anchors.includes(text)
            ? value !== Number(text)
            : typeof value !== 'number' || Math.fround(value) !== Math.fround(Number(text)),
        );
      expect(wrong).toEqual([]);
      expect(sent.get(0)).toBeNull();
      await adapter.execute(`update ${table} set r = 1234568 where id = 4`);
      const { plan, staged: again } = await syncAll(o);
      expect(plan).toMatchObject({ new: 0, updated: 1, deleted: 0 });
      expect(again[0]?.record).toEqual({ id: 4, r: 1234568 });
    });

    test('decimals go out exactly: a number when it reads back as the same value, else the exact text', async () => {
      const anchors: [string, number | string][] = [
        ['9007199254740993.25', '9007199254740993.25'],
        ['-9007199254740993.25', '-9007199254740993.25'],
        ['1.5', 1.5],
        ['0.1', 0.1],
        ['0', 0],
        ['12345678901234567', '12345678901234567'],
        ['9007199254740991', 9007199254740991],
        ['0.12345678901234567', '0.12345678901234567'],
        ['123456789012345.6', 123456789012345.6],
        ['0.00000000000000000001', 1e-20],
        ['99999999999999999.99999999999999999999', '99999999999999999.99999999999999999999'],
      ];
      // Random values of 14 to 20 significant digits, around where doubles stop being exact,
      // and doubles' own shortest texts (16-17 digits that do read back).
      let seed = 7;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor(seed / 65536) % n;
      };
      const texts = anchors.map(([text]) => text);
      for (let i = 0; i < 300; i++) {
        let body = String(1 + random(9));
        while (body.length < 14 + (i % 7)) body += String(random(10));
        const point = Math.max(0, body.length - random(21));
        const whole = body.slice(0, point).slice(-18) || '0';
        texts.push(`${random(2) ? '-' : ''}${whole}.${body.slice(point).slice(0, 20) || '0'}`);
      }
      for (let i = 0; i < 100; i++) {
        texts.push(String((random(32768) * 32768 + random(32768)) / (1 + random(32768)) / 7));
      }
      const sql = texts
        .map((text, i) => `select ${i} as id, cast('${text}' as decimal(38, 20)) as d`)
        .join(' union all ');
      const rows = await drain(adapter.streamRows(sql, 1000));
      const delivered = new Map(rows.map((row) => [Number(row.id), row.d]));
      anchors.forEach(([text, json], i) => expect([text, delivered.get(i)]).toEqual([text, json]));
      const wrong = texts.filter((text, i) => delivered.get(i) !== expectedDecimalJson(text));
      expect(wrong).toEqual([]);
      // Strings are the exact value; numbers read back as it.
      texts.forEach((text, i) => {
        const value = delivered.get(i);
        expect(sameDecimal(String(value), text)).toBe(true);
      });
      // The diff renders the same JSON as streamRows.
      const o = { ...options('dec'), sql };
      await planDiff(adapter, o);
      const staged = await drain(readStaged(adapter, o, 1000));
      expect(new Map(staged.map((c) => [Number(c.id), c.record?.d]))).toEqual(delivered);
      // Inside a list (where the warehouse has lists), and in a type with no precision
      // (PostgreSQL's plain numeric) alike.
      const lists = adapter.dialect !== 'mysql';
      const nested = await drain(
        adapter.streamRows(
          `select ${lists ? `cast(array['9007199254740993.25', '1.5', null] as decimal(38, 20)[]) as l,` : ''}
                  cast(cast('9007199254740993.25' as decimal(38, 20)) as ${adapter.dialect === 'postgres' ? 'numeric' : 'decimal(38, 20)'}) as plain,
                  cast('123456.78' as decimal(10, 2)) as money`,
          10,
        ),
      );
      expect(nested).toEqual([
        {
          ...(lists ? { l: ['9007199254740993.25', 1.5, null] } : {}),
          plain: '9007199254740993.25',
          money: 123456.78,
        },
      ]);
    });

    test('a record travels as one line of JSON text, even when a JSON column holds line breaks', async () => {
      // MariaDB has no JSON type to cast to (its JSON is text, kept as written).
      if (adapter.dialect === 'mysql') return;
      const o = options(`lines_${suite.next()}`, {
        sql: `select 1 as id, cast('{\n  "a": [1,\n 2]\n}' as json) as j`,
      });
      await planDiff(adapter, o);
      const [change] = await drain(readStaged(adapter, o, 10));
      expect(change?.recordJson).not.toMatch(/[\r\n]/);
      expect(JSON.parse(change?.recordJson ?? '')).toEqual({ id: 1, j: { a: [1, 2] } });
      expect(change?.record).toEqual({ id: 1, j: { a: [1, 2] } });
    });

    test('a model of exactly 512 columns (the limit) syncs, and a change in its last column is found', async () => {
      const table = `wide_${suite.next()}`;
      await adapter.execute(`create table ${table} (id integer, last_col integer)`);
      await adapter.execute(`insert into ${table} select g, g from ${series(3)}`);
      const middle = Array.from({ length: MAX_COLUMNS - 2 }, (_, i) =>
        i % 2 ? `'v' || t.id as c${i}` : `t.id * ${i} as c${i}`,
      );
      const sql = `select t.id, ${middle.join(', ')}, t.last_col from ${table} t`;
      expect(await checkModel(adapter, { sql, idColumn: 'id' })).toEqual([]);
      const o = options(table, { sql });
      const first = await syncAll(o);
      expect(first.plan).toMatchObject({ new: 3, rejected: 0, staged: 3 });
      expect(Object.keys(first.staged[0]?.record ?? {})).toHaveLength(MAX_COLUMNS);
      expect(first.staged[0]?.record).toMatchObject({ id: 1, c0: 0, c1: 'v1', last_col: 1 });
      await adapter.execute(`update ${table} set last_col = 0 where id = 2`);
      const preview = await previewDiff(adapter, { ...o, limit: 5 });
      expect(preview.changes).toEqual({ new: 0, updated: 1, deleted: 0 });
      expect(preview.samples[0]?.changedFields).toEqual(['last_col']);
      const { plan, staged } = await syncAll(o);
      expect(plan).toMatchObject({ updated: 1, staged: 1 });
      expect(staged[0]?.record).toMatchObject({ id: 2, last_col: 0 });
    });

    test('model checks: every warehouse-dependent limit code', async () => {
      const check = (sql: string, idColumn = 'id', timestampColumn?: string) =>
        checkModel(adapter, { sql, idColumn, timestampColumn });
      expect(await check('select id, created_at from users', 'id', 'created_at')).toEqual([]);
      expect((await check('select name from users')).map((p) => p.code)).toEqual([
        'ID_COLUMN_MISSING',
      ]);
      expect((await check('select id from users', 'id', 'updated_at')).map((p) => p.code)).toEqual([
        'TIMESTAMP_COLUMN_MISSING',
      ]);
      const wide = Array.from({ length: 513 }, (_, i) => `1 as c${i}`).join(', ');
      expect(await check(`select id, ${wide} from users`)).toEqual([
        expect.objectContaining({ code: 'TOO_MANY_COLUMNS', limit: 512, actual: 514 }),
      ]);
      const long = 'c'.repeat(129);
      if ((h.maxIdentifierLength ?? Infinity) < long.length) {
        // The warehouse shortens long names itself (PostgreSQL: 63), so the limit cannot trip.
        expect(await check(`select id, 1 as ${long} from users`)).toEqual([]);
      } else {
        expect(await check(`select id, 1 as ${long} from users`)).toEqual([
          expect.objectContaining({ code: 'COLUMN_NAME_TOO_LONG', limit: 128, actual: 129 }),
        ]);
      }
      const codes = (
        await checkModel(adapter, {
          sql: `select id from users -- ${'x'.repeat(65_536)}`,
          idColumn: 'i'.repeat(192),
          timestampColumn: 't'.repeat(192),
        })
      ).map((p) => p.code);
      expect(codes).toEqual([
        'QUERY_TOO_LONG',
        'ID_COLUMN_NAME_TOO_LONG',
        'TIMESTAMP_COLUMN_NAME_TOO_LONG',
      ]);
    });

    test('a result that repeats a column name is a model problem, never a sync that fails', async () => {
      const sql = 'select id, 1 as a, 2 as a from users';
      const problems = await checkModel(adapter, { sql, idColumn: 'id' });
      if (problems.length === 0) {
        // The warehouse renamed the second one itself (DuckDB: a_1): the record holds both.
        const names = (await adapter.describeQuery(sql)).map((c) => c.name);
        expect(new Set(names).size).toBe(3);
      } else {
        // MySQL refuses the query; PostgreSQL answers both and the check says so.
        expect(problems).toEqual([
          expect.objectContaining({
            code: adapter.dialect === 'mysql' ? 'SQL_ERROR' : 'DUPLICATE_COLUMN_NAME',
            message: expect.stringMatching(/'a'|"a"/),
          }),
        ]);
      }
      const max = h.maxIdentifierLength;
      if (max === undefined) return;
      // Names the warehouse shortens: two that start alike become one; a long id goes missing.
      const long = 'x'.repeat(max + 5);
      const twins = await checkModel(adapter, {
        sql: `select id, 1 as ${long}_one, 2 as ${long}_two from users`,
        idColumn: 'id',
      });
      expect(twins).toEqual([
        expect.objectContaining({
          code: 'DUPLICATE_COLUMN_NAME',
          message: expect.stringMatching(/appears 2 times.*first 63 bytes of a name/),
        }),
      ]);
      const longId = 'i'.repeat(max + 10);
      const missing = await checkModel(adapter, {
        sql: `select id as ${longId} from users`,
        idColumn: longId,
      });
      expect(missing).toEqual([
        expect.objectContaining({
          code: 'ID_COLUMN_MISSING',
          message: expect.stringContaining(`shortened it to "${'i'.repeat(max)}"`),
        }),
      ]);
    });

    test('diff: new, then nothing, then new/updated/deleted; deleted records carry __segment_id', async () => {
      const table = await modelTable(10);
      const o = options(table);
      const first = await syncAll(o);
      expect(first.plan).toMatchObject({
        new: 10,
        updated: 0,
        deleted: 0,
        rejected: 0,
        staged: 10,
      });
      expect(first.staged.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(first.staged[0]).toMatchObject({
        seq: 1,
        op: 'new',
        record: { id: 1, name: 'item 1', qty: 10 },
      });

      const quiet = await syncAll(o);
      expect(quiet.plan).toMatchObject({ new: 0, updated: 0, deleted: 0, staged: 0, pending: 0 });

      await adapter.execute(`update ${table} set qty = 999 where id in (2, 3)`);
      await adapter.execute(`delete from ${table} where id = 5`);
      await adapter.execute(`insert into ${table} values (11, 'item 11', 110)`);
      const { plan, staged } = await syncAll(o);
      expect(plan).toMatchObject({ new: 1, updated: 2, deleted: 1, rejected: 0, staged: 4 });
      expect(staged.map((c) => [c.op, c.id])).toEqual([
        ['updated', 2],
        ['updated', 3],
        ['deleted', 5],
        ['new', 11],
      ]);
      expect(staged[2]?.record).toEqual({ __segment_id: 5, id: null, name: null, qty: null });
      expect(staged[0]?.record).toEqual({ id: 2, name: 'item 2', qty: 999 });
      expect((await syncAll(o)).plan).toMatchObject({ new: 0, updated: 0, deleted: 0 });
    });

    test('a failed record stays different from state and comes back next time', async () => {
      const table = await modelTable(5);
      const o = options(table);
      await planDiff(adapter, o);
      const staged = await drain(readStaged(adapter, o, 2));
      await commitAcknowledged(
        adapter,
        o,
        staged.filter((c) => c.id !== 3),
      );
      const again = await syncAll(o);
      expect(again.plan).toMatchObject({ new: 1, updated: 0, deleted: 0 });
      expect(again.staged.map((c) => c.id)).toEqual([3]);
      // Acknowledging the same changes twice stores them once.
      await commitAcknowledged(adapter, o, again.staged);
      expect(await tableCount(adapter, stateTables(o).state)).toBe(5);
    });

    test('null and duplicated ids are rejected, every row of a duplicate, never staged', async () => {
      const { table, o } = await syncedModel(6);
      await adapter.execute(`insert into ${table} values (null, 'no id', 0), (null, 'no id 2', 0)`);
      // 2: an exact copy of a row already in state (hides behind an unchanged row);
      // 4: a changed copy; 50: a brand-new id twice.
      await adapter.execute(
        `insert into ${table} values (2, 'item 2', 20), (4, 'other', 1), (50, 'a', 1), (50, 'b', 2)`,
      );
      await adapter.execute(`update ${table} set qty = 7 where id = 6`);
      const plan = await planDiff(adapter, o);
      expect(plan).toMatchObject({ new: 0, updated: 1, deleted: 0, rejected: 8, staged: 1 });
      expect(plan.rejectedSamples).toEqual([
        { id: null, reason: expect.stringMatching(/2 rows have a null id/) },
        { id: 2, reason: expect.stringMatching(/duplicate id: 2 rows/) },
        { id: 4, reason: expect.stringMatching(/duplicate id: 2 rows/) },
        { id: 50, reason: expect.stringMatching(/duplicate id: 2 rows/) },
      ]);
      const staged = await drain(readStaged(adapter, o, 10));
      expect(staged.map((c) => c.id)).toEqual([6]);
    });

    test('a duplicate behind an unchanged row is found after deletes, adds and a repeated commit', async () => {
      const { table, o } = await syncedModel(5);
      await adapter.execute(`delete from ${table} where id = 1`);
      await adapter.execute(`update ${table} set qty = 1 where id = 2`);
      await adapter.execute(`insert into ${table} values (6, 'item 6', 60)`);
      const { staged } = await syncAll(o);
      expect(staged).toHaveLength(3);
      await commitAcknowledged(adapter, o, staged);
      await adapter.execute(`insert into ${table} values (3, 'item 3', 30)`);
      const plan = await planDiff(adapter, o);
      expect(plan).toMatchObject({ new: 0, updated: 0, deleted: 0, rejected: 2, staged: 0 });
      expect(plan.rejectedSamples).toEqual([
        { id: 3, reason: expect.stringMatching(/duplicate id: 2 rows/) },
      ]);
    });

    test('a duplicate behind an unchanged row that makes up for a delete in the counts: both are found', async () => {
      const table = await modelTable(5);
      const o = options(table);
      await syncAll(o);
      // As many rows match state as state has (a count that once let MySQL skip its deletes'
      // pass): 3 twice, 1 gone.
      await adapter.execute(`delete from ${table} where id = 1`);
      await adapter.execute(`insert into ${table} values (3, 'item 3', 30)`);
      const plan = await planDiff(adapter, o);
      expect(plan).toMatchObject({ new: 0, updated: 0, deleted: 1, rejected: 2, staged: 1 });
      expect(plan.rejectedSamples).toEqual([
        { id: 3, reason: expect.stringMatching(/duplicate id: 2 rows/) },
      ]);
      const staged = await drain(readStaged(adapter, o, 10));
      expect(staged.map((c) => [c.op, c.id])).toEqual([['deleted', 1]]);
    });

    test('a model that only grows and changes stages no deletes', async () => {
      const table = await modelTable(5);
      const o = options(table);
      await syncAll(o);
      await adapter.execute(`update ${table} set qty = 1 where id = 2`);
      await adapter.execute(`insert into ${table} values (6, 'item 6', 60)`);
      const plan = await planDiff(adapter, o);
      expect(plan).toMatchObject({ new: 1, updated: 1, deleted: 0, rejected: 0, staged: 2 });
      const staged = await drain(readStaged(adapter, o, 10));
      expect(staged.map((c) => [c.op, c.id])).toEqual([
        ['updated', 2],
        ['new', 6],
      ]);
    });

    test('texts beyond the BMP, control characters, empty and NULL: the same JSON, its bytes counted alike, every change seen', async () => {
      const text = `a\u0001b\u001f\t\b\f\u007f\u2028😀𝄞é/\\"<>&'`;
      const literal = (t: string) => `'${t.replace(/'/g, "''")}'`;
      const table = `txt_${suite.next()}`;
      const long = h.longText ?? 'text';
      await adapter.execute(`create table ${table} (id integer, a ${long}, b ${long})`);
      // The column limit is bytes of JSON: 2 quotes + 4 bytes an emoji (+ 2 ASCII to land on it).
      const emojis = (MAX_COLUMN_JSON_BYTES - 4) / 4;
      await adapter.execute(`insert into ${table} values
        (1, ${literal(text)}, ''), (2, '', null), (3, 'ab', ''),
        (4, repeat('😀', ${emojis}) || 'xx', null), (5, repeat('😀', ${emojis}) || 'xxx', null)`);
      const o = options(table, { sql: `select id, a, b from ${table}` });
      const { plan, staged } = await syncAll(o);
      expect(plan.rejectedSamples).toEqual([
        {
          id: 5,
          reason: expect.stringMatching(/column "a" is 131073 bytes as JSON; the limit is 131072/),
        },
      ]);
      expect(staged.map((c) => c.record).slice(0, 3)).toEqual([
        { id: 1, a: text, b: '' },
        { id: 2, a: '', b: null },
        { id: 3, a: 'ab', b: '' },
      ]);
      expect(staged[3]?.record?.a).toHaveLength(MAX_COLUMN_JSON_BYTES / 2);
      // '' -> NULL, NULL -> '', and a character moving to the next column are all changes.
      await adapter.execute(`update ${table} set b = null where id = 1`);
      await adapter.execute(`update ${table} set b = '' where id = 2`);
      await adapter.execute(`update ${table} set a = 'a', b = 'b' where id = 3`);
      const again = await syncAll(o);
      expect(again.plan).toMatchObject({ new: 0, updated: 3, deleted: 0 });
      expect(again.staged.map((c) => c.record)).toEqual([
        { id: 1, a: text, b: null },
        { id: 2, a: '', b: '' },
        { id: 3, a: 'a', b: 'b' },
      ]);
    });

    test('a BIT column goes out as its binary digits, as PostgreSQL and DuckDB print it', async () => {
      const table = `bits_${suite.next()}`;
      const mysql = adapter.dialect === 'mysql';
      const bits = (digits: string) => (mysql ? `b'${digits}'` : `'${digits}'`);
      await adapter.execute(
        `create table ${table} (id integer, b ${adapter.dialect === 'duckdb' ? 'bit' : 'bit(4)'})`,
      );
      await adapter.execute(`insert into ${table} values (1, ${bits('0101')}), (2, null)`);
      const o = options(table, { sql: `select id, b from ${table}` });
      const { staged } = await syncAll(o);
      expect(staged.map((c) => c.record)).toEqual([
        { id: 1, b: '0101' },
        { id: 2, b: null },
      ]);
      await adapter.execute(`update ${table} set b = ${bits('1111')} where id = 1`);
      const again = await syncAll(o);
      expect(again.staged.map((c) => c.record)).toEqual([{ id: 1, b: '1111' }]);
    });

    test('oversize records and column values are rejected with the reason', async () => {
      const table = `big_${suite.next()}`;
      const part = Math.floor(MAX_COLUMN_JSON_BYTES * 0.9);
      await adapter.execute(
        `create table ${table} (id integer${', a, b, c, d, e'
          .split(',')
          .slice(1)
          .map((c) => `,${c} ${h.longText ?? 'text'}`)
          .join('')})`,
      );
      await adapter.execute(`insert into ${table} values
        (1, 'ok', null, null, null, null),
        (2, repeat('x', ${MAX_COLUMN_JSON_BYTES + 10}), null, null, null, null),
        (3, repeat('a', ${part}), repeat('b', ${part}), repeat('c', ${part}), repeat('d', ${part}), repeat('e', ${part})),
        (4, 'ok too', null, null, null, null)`);
      const o = options(table, { sql: `select * from ${table}` });
      const plan = await planDiff(adapter, o);
      expect(plan).toMatchObject({ new: 2, rejected: 2, staged: 2 });
      // The rows left are numbered 1, 2 in id order, with no gap where the rejected ones were.
      const staged = await drain(readStaged(adapter, o, 10));
      expect(staged.map((c) => [c.seq, c.id])).toEqual([
        [1, 1],
        [2, 4],
      ]);
      expect(plan.rejectedSamples).toEqual([
        {
          id: 2,
          reason: expect.stringMatching(/column "a" is \d+ bytes as JSON; the limit is 131072/),
        },
        {
          id: 3,
          reason: expect.stringMatching(
            new RegExp(`record is \\d+ bytes as JSON; the limit is ${MAX_RECORD_JSON_BYTES}`),
          ),
        },
      ]);
    });

    test('a first sync numbers its changes 1..n in id order, whatever order the model reads in', async () => {
      const n = 20_000;
      const table = `desc_${suite.next()}`;
      await adapter.execute(`create table ${table} (id integer, name text)`);
      // Inserted from the highest id down, in two halves: the model reads out of id order.
      for (const [from, to] of [
        [n / 2 + 1, n],
        [1, n / 2],
      ] as const) {
        await adapter.execute(
          `insert into ${table} select ${to + 1} - g, 'item ' || g from ${series(to - from + 1)}`,
        );
      }
      const o = options(table, { sql: `select id, name from ${table}` });
      const { plan, staged } = await syncAll(o);
      expect(plan).toMatchObject({ new: n, staged: n });
      const outOfPlace = staged.filter((c, i) => c.seq !== i + 1 || c.id !== i + 1);
      expect(outOfPlace).toEqual([]);
      expect(await tableCount(adapter, stateTables(o).state)).toBe(n);
    });

    test('the record cap stages in id order; the rest waits: 3,500 at 1,000 = 4 runs', async () => {
      const table = await modelTable(3500);
      const o = options(table, { maxRecords: 1000 });
      const runs: number[][] = [];
      for (let run = 0; run < 5; run++) {
        const { plan, staged } = await syncAll(o);
        runs.push([plan.staged, plan.pending]);
        if (run === 0) expect(staged[0]?.id).toBe(1);
        if (run === 3) expect(staged.at(-1)?.id).toBe(3500);
      }
      expect(runs).toEqual([
        [1000, 2500],
        [1000, 1500],
        [1000, 500],
        [500, 0],
        [0, 0],
      ]);
    });

    test('modeOps stage only the operations the sync mode sends', async () => {
      const { table, o } = await syncedModel(4);
      await adapter.execute(`delete from ${table} where id = 1`);
      await adapter.execute(`update ${table} set qty = 0 where id = 2`);
      const plan = await planDiff(adapter, { ...o, modeOps: ['new', 'updated'] });
      expect(plan).toMatchObject({ updated: 1, deleted: 1, staged: 1, pending: 0 });
    });

    test('preview shows before, after and changed fields, and changes nothing', async () => {
      const table = await modelTable(5);
      const o = options(table);
      const blank = await previewDiff(adapter, { ...o, limit: 2 });
      expect(blank.changes).toEqual({ new: 5, updated: 0, deleted: 0 });
      expect(blank.samples).toHaveLength(2);
      await syncAll(o);
      await adapter.execute(`update ${table} set name = 'renamed' where id = 1`);
      await adapter.execute(`delete from ${table} where id = 2`);
      await adapter.execute(`insert into ${table} values (9, 'item 9', 90)`);
      const preview = await previewDiff(adapter, { ...o, limit: 10 });
      expect(preview.changes).toEqual({ new: 1, updated: 1, deleted: 1 });
      expect(preview.rejected).toBe(0);
      expect(preview.samples).toEqual([
        {
          op: 'updated',
          id: 1,
          before: { id: 1, name: 'item 1', qty: 10 },
          after: { id: 1, name: 'renamed', qty: 10 },
          afterJson: expect.any(String),
          changedFields: ['name'],
        },
        {
          op: 'deleted',
          id: 2,
          before: { id: 2, name: 'item 2', qty: 20 },
          after: null,
          afterJson: null,
          changedFields: ['id', 'name', 'qty'],
        },
        {
          op: 'new',
          id: 9,
          before: null,
          after: { id: 9, name: 'item 9', qty: 90 },
          afterJson: expect.any(String),
          changedFields: ['id', 'name', 'qty'],
        },
      ]);
      // The text an unmapped sync sends is the same record as `after`.
      for (const sample of preview.samples) {
        if (sample.afterJson !== null) expect(JSON.parse(sample.afterJson)).toEqual(sample.after);
      }
      const again = await previewDiff(adapter, { ...o, limit: 0 });
      expect(again.changes).toEqual({ new: 1, updated: 1, deleted: 1 });
      expect(again.samples).toEqual([]);
    });

    test('a first preview keeps the id type: numbers order as numbers', async () => {
      const table = await modelTable(12);
      const preview = await previewDiff(adapter, { ...options(table), limit: 20 });
      expect(preview.samples.map((sample) => sample.id)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
    });

    test('reset forgets state: everything is new again', async () => {
      const { o } = await syncedModel(3);
      await resetState(adapter, o);
      expect((await planDiff(adapter, o)).new).toBe(3);
    });

    test('a new fingerprint algorithm re-baselines state without resending', async () => {
      const { table, o } = await syncedModel(4);
      const { meta, stateName, state } = stateTables(o);
      await adapter.execute(
        `update ${meta} set fingerprint_tag = 'some-older-hash/0' where state_table = '${stateName}'`,
      );
      await adapter.execute(`update ${state} set fp = null`);
      await adapter.execute(`update ${table} set qty = 1 where id = 4`);
      const preview = await previewDiff(adapter, { ...o, limit: 10 });
      expect(preview.changes).toEqual({ new: 0, updated: 1, deleted: 0 });
      const plan = await planDiff(adapter, o);
      expect(plan).toMatchObject({ new: 0, updated: 1, deleted: 0 });
    });

    test('hostile identifiers stay names', async () => {
      const evil = 'x"; drop table users; --';
      const table = quoteIdent(`t ${evil} ${suite.next()}`);
      await adapter.execute(`create table ${table} (${quoteIdent(evil)} integer, "it's" text)`);
      await adapter.execute(`insert into ${table} values (1, 'a'), (2, 'b')`);
      const o: PlanOptions = {
        syncKey: `sync ${evil} ${suite.next()}`,
        stateSchema: `_ebb "${evil}`,
        sql: `select * from ${table}`,
        idColumn: evil,
        maxRecords: 10,
      };
      const first = await syncAll(o);
      expect(first.plan.new).toBe(2);
      expect(first.staged[0]?.record).toEqual({ [evil]: 1, "it's": 'a' });
      await adapter.execute(`delete from ${table} where ${quoteIdent(evil)} = 1`);
      const { staged } = await syncAll(o);
      expect(staged.map((c: StagedChange) => c.record)).toEqual([
        { __segment_id: 1, [evil]: null, "it's": null },
      ]);
      expect(await tableCount(adapter, 'users')).toBe(25);
    });

    // Roles are made once per server: the permission checks run before either path anyway.
    if (harness().readOnly && firstSyncPath === 'fast') {
      test('without write access to the state schema, says which statement is needed', async () => {
        const table = await modelTable(2);
        const { adapter: ro, role } = await h.readOnly!([table]);
        const hints = h.grantHints ?? postgresGrantHints;
        try {
          const o = { ...options(table), stateSchema: '_ebb_ro_state' };
          expect((await ro.describeQuery(o.sql)).length).toBe(3);
          await expect(planDiff(ro, o)).rejects.toMatchObject({
            code: 'PERMISSION_DENIED',
            message: expect.stringContaining(hints.create('_ebb_ro_state', role)),
          });
          await adapter.execute('create schema "_ebb_ro_state"');
          await expect(planDiff(ro, o)).rejects.toMatchObject({
            code: 'PERMISSION_DENIED',
            message: expect.stringContaining(hints.grant('_ebb_ro_state', role)),
          });
          // Preview needs no write access.
          expect((await previewDiff(ro, { ...o, limit: 1 })).changes.new).toBe(2);
        } finally {
          await ro.close();
        }
      });
    }
  });
}
