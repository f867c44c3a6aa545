import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { runDuckDb } from '../../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../../testing/embeddedPostgres.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

async function withFileSync(rows: number) {
  fixture = await syncFixture(rows);
  await fixture.fileDestination('out');
  await fixture.call('syncs.add', { name: 's', model: 'users', destination: 'out' });
  return fixture;
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error & { code?: string }) => error,
  );

describe('warehouses.update', () => {
  test('a rename or an unchanged location keeps state: the next run has nothing to send', async () => {
    const { call } = await withFileSync(20);
    expect(await call('syncs.run', { sync: 's' })).toMatchObject({ delivered: 20 });
    const impact = await call('warehouses.updateImpact', { warehouse: 'wh', settings: {} });
    expect(impact.startsFresh).toBeNull();
    const renamed = await call('warehouses.update', { warehouse: 'wh', name: 'renamed' });
    expect(renamed.startsFresh).toBeNull();
    expect(renamed.warehouse.name).toBe('renamed');
    expect(await call('syncs.run', { sync: 's' })).toMatchObject({
      changes: { new: 0, updated: 0, deleted: 0 },
    });
  });

  test('another state schema is announced before saving, and the syncs then start fresh', async () => {
    const { call } = await withFileSync(20);
    await call('syncs.run', { sync: 's' });
    const edit = { warehouse: 'wh', stateSchema: 'ebb_elsewhere' };
    expect((await call('warehouses.updateImpact', edit)).startsFresh).toEqual({
      reason: 'state moves from schema _ebb_reverse_etl to ebb_elsewhere',
      syncs: ['s'],
    });
    const updated = await call('warehouses.update', edit);
    expect(updated.warehouse.stateSchema).toBe('ebb_elsewhere');
    expect(updated.startsFresh?.syncs).toEqual(['s']);
    expect(await call('syncs.run', { sync: 's' })).toMatchObject({
      changes: { new: 20 },
      delivered: 20,
    });
  });

  test('another DuckDB file moves state; a file that does not exist yet is created', async () => {
    const { call, home, warehouseFile } = await withFileSync(5);
    await call('syncs.run', { sync: 's' });
    const copy = path.join(home, 'copy.duckdb');
    fs.copyFileSync(warehouseFile, copy);
    const moved = await call('warehouses.update', { warehouse: 'wh', settings: { path: copy } });
    expect(moved.startsFresh?.reason).toMatch(/another server, database or file/);
    expect(moved.warehouse.location).toBe(copy);
    // The copy holds the state too (copied after the run), but Ebb cannot know: it warned.
    const fresh = path.join(home, 'sub', 'new.duckdb');
    fs.mkdirSync(path.dirname(fresh));
    await call('warehouses.update', { warehouse: 'wh', settings: { path: fresh } });
    expect(fs.existsSync(fresh)).toBe(true);
  });

  test('a kind cannot change, unknown settings are named, and checkUpdate tests the edit', async () => {
    const { call, home } = await withFileSync(3);
    expect(
      (await errorOf(call('warehouses.update', { warehouse: 'wh', settings: { url: 'x' } })))
        .message,
    ).toMatch(/unknown setting url \(a duckdb warehouse has path\)/);
    const missing = path.join(home, 'no', 'such', 'w.duckdb');
    const failed = await errorOf(
      call('warehouses.checkUpdate', { warehouse: 'wh', settings: { path: missing } }),
    );
    expect(failed.message).toContain('DuckDB file not found');
    // Nothing was saved by the check.
    expect((await call('warehouses.list', {}))[0]!.location).not.toBe(missing);
    expect(await call('warehouses.checkUpdate', { warehouse: 'wh' })).toMatchObject({ ok: true });
  });

  test('a folder warehouse pointed at another folder keeps its state file', async () => {
    fixture = await syncFixture(1);
    const { call, home } = fixture;
    const a = path.join(home, 'a');
    const b = path.join(home, 'b');
    for (const dir of [a, b]) {
      fs.mkdirSync(dir);
      await runDuckDb(
        path.join(home, 'tmp.duckdb'),
        `copy (select 1 as id) to '${path.join(dir, 'x.parquet')}' (format parquet)`,
      );
    }
    await call('warehouses.add', { kind: 'files', name: 'folder', dir: a });
    const moved = await call('warehouses.update', { warehouse: 'folder', settings: { dir: b } });
    expect(moved.startsFresh).toBeNull();
    expect(moved.warehouse.location).toBe(b);
  });
});

describe('PostgreSQL: the password in the URL', () => {
  let server: TestPostgres;
  let url: string;
  beforeAll(async () => {
    server = await startTestPostgres();
    url = await server.createDatabase('shop');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  test('is kept unless typed again, and Test connection names what is wrong', async () => {
    fixture = await syncFixture(1);
    const { call } = fixture;
    await call('warehouses.add', { kind: 'postgres', name: 'pg', url });
    const { settings } = await call('warehouses.settings', { warehouse: 'pg' });
    expect(settings.url).toContain('****');
    expect(JSON.stringify(settings)).not.toContain('ebb-test-password');

    // The form sends the URL back as shown, with another application name: the password stays.
    const edited = `${String(settings.url)}?application_name=ebb`;
    const kept = await call('warehouses.update', { warehouse: 'pg', settings: { url: edited } });
    expect(kept.startsFresh).toBeNull();
    expect(kept.warehouse.location).not.toContain('ebb-test-password');
    expect(await call('warehouses.test', { warehouse: 'pg' })).toMatchObject({ ok: true });

    // A wrong password typed in: refused, and the message never repeats it.
    const wrong = url.replace('ebb-test-password', 'Wrong-Pass');
    const refused = await errorOf(
      call('warehouses.checkUpdate', { warehouse: 'pg', settings: { url: wrong } }),
    );
    expect(refused.message).toMatch(/refused the password for user "postgres"/);
    expect(refused.message).not.toContain('Wrong-Pass');
    // A database that does not exist.
    const noDb = await errorOf(
      call('warehouses.checkUpdate', {
        warehouse: 'pg',
        settings: { url: `${String(settings.url).replace('/shop', '/nope')}` },
      }),
    );
    expect(noDb.message).toMatch(/Database "nope" does not exist/);
    // Nothing listens there.
    const down = await errorOf(
      call('warehouses.check', {
        kind: 'postgres',
        settings: { url: 'postgres://a:b@127.0.0.1:9/x' },
      }),
    );
    expect(down.message).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:9/);
    // Another database on the same server: state is elsewhere.
    const other = await call('warehouses.updateImpact', {
      warehouse: 'pg',
      settings: { url: String(settings.url).replace('/shop', '/postgres') },
    });
    expect(other.startsFresh?.reason).toMatch(/another server, database or file/);
  });

  test('a user who cannot create the state schema is told the exact statement to ask for', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create user ebb_reader password 'reader-pw'`);
    await admin.query(`grant connect on database shop to ebb_reader`);
    await admin.query(`revoke create on schema public from public`);
    await admin.end();
    fixture = await syncFixture(1);
    const readerUrl = url.replace('postgres:ebb-test-password', 'ebb_reader:reader-pw');
    const denied = await errorOf(
      fixture.call('warehouses.check', { kind: 'postgres', settings: { url: readerUrl } }),
    );
    expect(denied.code).toBe('PERMISSION_DENIED');
    // The schema exists (the superuser's Test connection above made it): the grant is named.
    expect(denied.message).toContain(
      'Ask an administrator to run: GRANT USAGE, CREATE ON SCHEMA "_ebb_reverse_etl" TO "ebb_reader";',
    );
    // A state schema nobody made yet: the CREATE SCHEMA to ask for.
    const missing = await errorOf(
      fixture.call('warehouses.check', {
        kind: 'postgres',
        settings: { url: readerUrl },
        stateSchema: 'ebb_state',
      }),
    );
    expect(missing.message).toContain(
      'Ask an administrator to run: CREATE SCHEMA "ebb_state" AUTHORIZATION "ebb_reader";',
    );
  });
});
