import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../testing/embeddedPostgres.js';
import { postgresSettings } from './settings.js';
import type { Change, ColumnSpec } from '../types.js';
import { RecordTextChange } from '../changeJson.js';
import { PostgresDestination } from './postgresDestination.js';

let server: TestPostgres;
let admin: pg.Client;
beforeAll(async () => {
  server = await startTestPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const make = (table: string, extra: Record<string, unknown> = {}, url = server.url) =>
  new PostgresDestination(postgresSettings().parse({ type: 'postgres', url, table, ...extra }));

/** Each model column, its warehouse type, and the PostgreSQL type the created table gives it. */
const COLUMN_TYPES: [name: string, type: string, postgres: string][] = [
  ['user_id', 'BIGINT', 'bigint'],
  ['email', 'VARCHAR', 'text'],
  ['score', 'DOUBLE', 'double precision'],
  ['active', 'BOOLEAN', 'boolean'],
  ['signed_up', 'TIMESTAMP WITH TIME ZONE', 'timestamp with time zone'],
  ['born', 'DATE', 'date'],
  ['price', 'DECIMAL(10,2)', 'numeric'],
  ['tags', 'VARCHAR[]', 'jsonb'],
  ['meta', 'STRUCT(a INTEGER)', 'jsonb'],
];
const columns: ColumnSpec[] = COLUMN_TYPES.map(([name, type]) => ({ name, type }));

const user = (id: number, extra: Record<string, unknown> = {}): Change => ({
  op: 'new',
  id: String(id),
  record: {
    user_id: id,
    email: `u${id}@example.com`,
    score: id / 2,
    active: id % 2 === 0,
    signed_up: '2024-03-01T12:00:00.000Z',
    born: '1990-05-17',
    price: '12.50',
    tags: ['a', `t${id}`],
    meta: { a: id },
    ...extra,
  },
});

/** A sent record as the users_out query below reads it back: the id as text, time to the second in UTC. */
function stored(change: Change): Record<string, unknown> {
  const { user_id, signed_up, ...rest } = change.record;
  return { id: String(user_id), signed_up: String(signed_up).replace(/\.000Z$/, ''), ...rest };
}

async function tableRows(sql: string): Promise<Record<string, unknown>[]> {
  return (await admin.query(sql)).rows as Record<string, unknown>[];
}

describe('PostgresDestination', () => {
  test('creates a typed table keyed by the id column, then upserts and deletes', async () => {
    const dest = make('users_out');
    await dest.open({ runId: 'r1', syncName: 'users', columns, idColumn: 'user_id' });
    const types = await tableRows(
      `select column_name, data_type from information_schema.columns
        where table_name = 'users_out' order by ordinal_position`,
    );
    expect(types).toEqual(
      COLUMN_TYPES.map(([name, , postgres]) => ({ column_name: name, data_type: postgres })),
    );

    expect(await dest.send([user(1), user(2), user(3)])).toEqual({
      delivered: ['1', '2', '3'],
      failed: [],
    });
    const updated = {
      ...user(2, { email: 'new@example.com', active: null }),
      op: 'updated' as const,
    };
    const deleted: Change = {
      op: 'deleted',
      id: '3',
      record: { __segment_id: '3', ...Object.fromEntries(columns.map((c) => [c.name, null])) },
    };
    expect(await dest.send([updated, deleted, user(4)])).toEqual({
      delivered: ['2', '3', '4'],
      failed: [],
    });
    await dest.close();

    const rows = await tableRows(
      `select user_id::text as id, email, score, active, to_char(signed_up at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as signed_up,
              born::text as born, price::text as price, tags, meta from users_out order by user_id`,
    );
    expect(rows).toEqual([stored(user(1)), stored(updated), stored(user(4))]);
  });

  test('records as the warehouse rendered them (text, never parsed) land as the parsed ones do', async () => {
    const text = make('as_text');
    const parsed = make('as_parsed');
    const run = { runId: 'r', syncName: 's', columns, idColumn: 'user_id' };
    await text.open(run);
    await parsed.open(run);
    const odd = { email: 'quote " back \\ é \u2028 tab\t', tags: [], meta: { a: null } };
    const changes = [user(1), user(2, odd), user(3, { price: null, tags: null })];
    // The key always takes the change's id, even where the record says otherwise.
    const rendered = changes.map(
      (c) =>
        new RecordTextChange(c.op, c.id, JSON.stringify({ ...c.record, user_id: Number(c.id) })),
    );
    expect(await text.send(rendered)).toEqual({ delivered: ['1', '2', '3'], failed: [] });
    expect(await parsed.send(changes)).toEqual({ delivered: ['1', '2', '3'], failed: [] });
    const moved = new RecordTextChange('updated', '3', JSON.stringify(user(9).record));
    expect(await text.send([moved])).toEqual({ delivered: ['3'], failed: [] });
    expect(await parsed.send([{ ...user(9), op: 'updated', id: '3' }])).toEqual({
      delivered: ['3'],
      failed: [],
    });
    await text.close();
    await parsed.close();
    const read = (table: string) =>
      tableRows(`select user_id, email, score, active, signed_up, born::text as born,
                        price::text as price, tags, meta from ${table} order by user_id`);
    const rows = await read('as_text');
    expect(rows).toEqual(await read('as_parsed'));
    expect(rows.map((r) => [r.user_id, r.email])).toEqual([
      ['1', 'u1@example.com'],
      ['2', odd.email],
      ['3', 'u9@example.com'],
    ]);
  });

  test('values a typed column cannot read as text go in as JSON: arrays, nested into text', async () => {
    await admin.query(
      'create table loose (id bigint primary key, labels text[], note text, n int)',
    );
    const dest = make('loose');
    await dest.open({ runId: 'r', syncName: 's', columns: [] });
    const sent = [
      { op: 'new' as const, id: '1', record: { labels: ['a', 'b'], note: 'plain', n: 1 } },
      { op: 'new' as const, id: '2', record: { labels: [], note: { nested: [1] }, n: 2 } },
    ];
    expect(await dest.send(sent)).toEqual({ delivered: ['1', '2'], failed: [] });
    expect(
      await dest.send([{ ...sent[0]!, op: 'updated', record: { n: 7, note: 'typed' } }]),
    ).toEqual({
      delivered: ['1'],
      failed: [],
    });
    await dest.close();
    expect(await tableRows('select id::int, labels, note, n from loose order by id')).toEqual([
      { id: 1, labels: ['a', 'b'], note: 'typed', n: 7 },
      { id: 2, labels: [], note: '{"nested":[1]}', n: 2 },
    ]);
  });

  test('many concurrent batches leave the table equal to what was sent', async () => {
    const dest = make('bulk', { idColumn: 'id' });
    await dest.open({ runId: 'r', syncName: 's', columns: [{ name: 'n', type: 'INTEGER' }] });
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 250 }, (_, i): Change => {
        const id = b * 250 + i;
        return { op: 'new', id: String(id), record: { n: id * 3 } };
      }),
    );
    const results = await Promise.all(batches.map((batch) => dest.send(batch)));
    expect(results.flatMap((r) => r.delivered)).toHaveLength(2000);
    const updates =
      batches[0]?.map((c) => ({ ...c, op: 'updated' as const, record: { n: -1 } })) ?? [];
    const deletes = (batches[1] ?? []).map((c) => ({ ...c, op: 'deleted' as const, record: {} }));
    await Promise.all([dest.send(updates), dest.send(deletes)]);
    await dest.close();
    const [summary] = await tableRows(
      `select count(*)::int as rows, count(*) filter (where n = -1)::int as updated,
              count(*) filter (where id::int between 250 and 499)::int as deleted,
              bool_and(n = -1 or n = id::int * 3) as consistent from bulk`,
    );
    expect(summary).toEqual({ rows: 1750, updated: 250, deleted: 0, consistent: true });
  });

  test('a bad record fails alone with its reason; the rest of the batch is delivered', async () => {
    const dest = make('isolate');
    await dest.open({
      runId: 'r',
      syncName: 's',
      idColumn: 'id',
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'qty', type: 'INTEGER' },
      ],
    });
    const batch: Change[] = Array.from({ length: 10 }, (_, i) => ({
      op: 'new',
      id: String(i),
      record: { id: i, qty: i === 3 ? 'lots' : i === 7 ? 1e20 : i },
    }));
    const result = await dest.send(batch);
    await dest.close();
    expect(result.delivered.sort()).toEqual(['0', '1', '2', '4', '5', '6', '8', '9']);
    expect(result.failed.map((f) => f.id).sort()).toEqual(['3', '7']);
    expect(result.failed.find((f) => f.id === '3')?.reason).toMatch(
      /invalid input syntax for type integer/,
    );
    const rows = await tableRows('select id from isolate order by id');
    expect(rows.map((r) => r.id)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
  });

  test('new records go in by COPY; a COPY hitting a key already there falls back to the upsert', async () => {
    await admin.query('create table copied (id bigint primary key, name text, n int)');
    // Which statement inserted: COPY's text or the upsert's.
    await admin.query('create table copied_log (stmt text)');
    await admin.query(`create function log_copied() returns trigger language plpgsql as $$
      begin insert into copied_log values (split_part(current_query(), ' ', 1)); return null; end $$`);
    await admin.query(
      'create trigger copied_stmt after insert on copied for each statement execute function log_copied()',
    );
    // A resend after a crash: some rows are there already, with older values.
    await admin.query(`insert into copied select g, 'old', -1 from generate_series(5, 9) as g`);
    await admin.query('truncate copied_log');
    const dest = make('copied');
    const cols = [
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'n', type: 'INTEGER' },
    ];
    await dest.open({ runId: 'r', syncName: 's', idColumn: 'id', columns: cols });
    const odd = 'tab\there, line\nbreak, cr\r, back\\slash \\N, "quote", é';
    const row = (id: number): Change =>
      new RecordTextChange(
        'new',
        String(id),
        JSON.stringify({ id, name: id === 3 ? odd : `name ${id}`, n: id * 2 }),
      );
    const model = (ids: number[]) =>
      ids.map((id) => ({
        id: String(id),
        name: id === 3 ? odd : `name ${id}`,
        n: id * 2,
      }));
    const read = () => tableRows('select id::text as id, name, n from copied order by copied.id');
    const statements = async () =>
      (await tableRows('select stmt from copied_log')).map((r) => String(r.stmt).toLowerCase());

    // 0..19 overlaps 5..9: the COPY fails on the first of them, nothing of it stays, the batch
    // is upserted instead, and the table equals the model row by row.
    const first = Array.from({ length: 20 }, (_, i) => row(i));
    expect(await dest.send(first)).toEqual({ delivered: first.map((c) => c.id), failed: [] });
    expect(await read()).toEqual(model(Array.from({ length: 20 }, (_, i) => i)));
    expect(await statements()).toEqual(['insert']);

    // The same batch again (a second resend): upserted, the table unchanged.
    expect(await dest.send(first)).toEqual({ delivered: first.map((c) => c.id), failed: [] });
    expect(await read()).toEqual(model(Array.from({ length: 20 }, (_, i) => i)));

    // After a pause of upserts (16 sends, the resend above one of them), COPY again.
    await admin.query('truncate copied_log');
    for (let b = 0; b < 15; b++) await dest.send([row(100 + b)]);
    expect(new Set(await statements())).toEqual(new Set(['insert']));
    await admin.query('truncate copied_log');
    expect(await dest.send([row(200), row(201)])).toEqual({
      delivered: ['200', '201'],
      failed: [],
    });
    expect(await statements()).toEqual(['copy']);
    await dest.close();
    const ids = [...Array.from({ length: 20 }, (_, i) => i)];
    for (let b = 0; b < 15; b++) ids.push(100 + b);
    ids.push(200, 201);
    expect(await read()).toEqual(model(ids));
  });

  test('COPY only into a table keyed on the id: a keyless table still refuses the batch', async () => {
    await admin.query('create table keyless_copy (id text, v int)');
    await admin.query('create unique index on keyless_copy (id) where v > 0');
    const dest = make('keyless_copy');
    await dest.open({ runId: 'r', syncName: 's' });
    const result = await dest.send([{ op: 'new', id: 'a', record: { v: 1 } }]);
    await dest.close();
    expect(result.delivered).toEqual([]);
    expect(await tableRows('select * from keyless_copy')).toEqual([]);
  });

  test('without declared columns the table is typed from the values and grows new columns', async () => {
    const dest = make('inferred', { schema: 'fresh_schema' });
    await dest.open({ runId: 'r', syncName: 's' });
    await dest.send([{ op: 'new', id: 'a', record: { name: 'A', n: 1, ok: true, obj: { x: 1 } } }]);
    await dest.send([{ op: 'new', id: 'b', record: { name: 'B', added: 'later' } }]);
    await dest.close();
    const rows = await tableRows('select * from fresh_schema.inferred order by id');
    expect(rows).toEqual([
      { id: 'a', name: 'A', n: 1, ok: true, obj: { x: 1 }, added: null },
      { id: 'b', name: 'B', n: null, ok: null, obj: null, added: 'later' },
    ]);
  });

  test('hostile table and column names are only names', async () => {
    await admin.query('create table users (id int)');
    await admin.query('insert into users values (1)');
    const table = 'x"; drop table users; --';
    const column = `a"b'; drop table users; --`;
    const dest = make(table, { schema: `s"; drop table users; --` });
    await dest.open({
      runId: 'r',
      syncName: 's',
      idColumn: `id"; drop table users; --`,
      columns: [{ name: column, type: 'VARCHAR' }],
    });
    const result = await dest.send([
      {
        op: 'new',
        id: `1'); drop table users; --`,
        record: { [column]: `'); drop table users; --` },
      },
      { op: 'new', id: '2', record: { [column]: 'two' } },
    ]);
    expect(result.failed).toEqual([]);
    expect(await dest.send([{ op: 'deleted', id: '2', record: {} }])).toEqual({
      delivered: ['2'],
      failed: [],
    });
    await dest.close();
    expect(await tableRows('select id from users')).toEqual([{ id: 1 }]);
    const rows = await tableRows(
      `select * from "s""; drop table users; --"."x""; drop table users; --"`,
    );
    expect(rows).toEqual([
      {
        [`id"; drop table users; --`]: `1'); drop table users; --`,
        [column]: `'); drop table users; --`,
      },
    ]);
  });

  test('an existing table without a key fails the batch once, saying what to add', async () => {
    await admin.query('create table keyless (id text, v int)');
    const dest = make('keyless');
    await dest.open({ runId: 'r', syncName: 's' });
    const result = await dest.send([
      { op: 'new', id: 'a', record: { v: 1 } },
      { op: 'new', id: 'b', record: { v: 2 } },
    ]);
    await dest.close();
    expect(result.delivered).toEqual([]);
    expect(result.failed[0]?.reason).toMatch(
      /no primary key or unique index on "id".*add primary key \("id"\)/,
    );
  });

  test('a batch on a dead server fails as a whole with an actionable reason', async () => {
    const dest = make('nowhere', {}, 'postgres://postgres:pw-secret@127.0.0.1:1/db');
    const err = await dest.open({ runId: 'r', syncName: 's', columns: [] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/Nothing accepts connections at 127\.0\.0\.1:1\/db/);
    expect(err?.message).not.toContain('pw-secret');
    await dest.close();
  });
});

describe('PostgresDestination.testConnection', () => {
  beforeAll(async () => {
    await admin.query(`create role limited login password 'limited-pw'`);
    await admin.query('create table readonly_target (id text primary key)');
    await admin.query('grant select on readonly_target to limited');
    await admin.query('revoke create on schema public from public');
  });
  const limitedUrl = () => server.url.replace(/postgres:ebb-test-password/, 'limited:limited-pw');

  test('passes for a user who may create the table', async () => {
    await make('brand_new').testConnection();
  });

  test('a wrong password is reported without the password', async () => {
    const url = server.url.replace('ebb-test-password', 'wrong-password-xyz');
    const err = await make('t', {}, url)
      .testConnection()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toMatch(/refused the user name or password/);
    expect(err?.message).not.toContain('wrong-password-xyz');
  });

  test('missing CREATE or INSERT rights name the grant to run', async () => {
    await expect(make('not_there', {}, limitedUrl()).testConnection()).rejects.toThrow(
      /may not CREATE tables in schema "public".*grant create on schema "public" to "limited"/,
    );
    await expect(make('readonly_target', {}, limitedUrl()).testConnection()).rejects.toThrow(
      /may not INSERT\/UPDATE\/DELETE on table "public"."readonly_target".*grant insert, update, delete/,
    );
  });

  test('a missing database and a closed port are explained', async () => {
    await expect(
      make('t', {}, server.url.replace(/\/ebb_test$/, '/no_such_db')).testConnection(),
    ).rejects.toThrow(/database in .* does not exist/);
    await expect(make('t', {}, 'postgres://u:p@127.0.0.1:1/db').testConnection()).rejects.toThrow(
      /connection refused/,
    );
  });
});
