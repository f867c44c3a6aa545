import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callThrough } from '../api/callThrough.js';
import type { CallInput } from '../api/contract.js';
import { createCore } from '../createCore.js';
import { STORE_FILE } from '../store/openStore.js';
import {
  mariadbInstalled,
  startTestMariadb,
  type TestMariadb,
} from '../testing/embeddedMariadb.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { spawnSyncRun, waitUntil } from '../testing/killableRun.js';
import { startMirrorReceiver } from '../testing/mirrorReceiver.js';
import { opsFixture, type OpsKind } from '../testing/opsFixture.js';
import { USERS_MODEL } from '../testing/syncFixture.js';
import { tempHome } from '../testing/tempHome.js';

let postgres: TestPostgres | undefined;
let mariadb: TestMariadb | undefined;
const kinds: OpsKind[] = [
  'duckdb',
  'postgres',
  ...(mariadbInstalled() ? (['mysql'] as const) : []),
];

beforeAll(async () => {
  postgres = await startTestPostgres();
  if (kinds.includes('mysql')) mariadb = await startTestMariadb();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
  await mariadb?.stop();
});

const setUp = (kind: OpsKind, db: string, ops: CallInput<'syncs.add'>['ops']) =>
  opsFixture(kind, db, ops, (name) =>
    kind === 'mysql' ? mariadb!.createDatabase(name) : postgres!.createDatabase(name),
  );

type Fixture = Awaited<ReturnType<typeof setUp>>;
const S = '_ebb_reverse_etl';

/** record_log rows of a run: [record_id, op, status, error], in id order. */
async function recordRows(t: Fixture, runId: string) {
  const rows = await t.wh.query(
    `select record_id, op, status, error, attempted_at from ${S}.record_log
      where run_id = '${runId}' order by length(record_id), record_id`,
  );
  for (const row of rows) expect(row.attempted_at).not.toBeNull();
  return rows.map((r) => [r.record_id, r.op, r.status, r.error ?? null]);
}

const countBy = (rows: unknown[][], status: string) => rows.filter((r) => r[2] === status).length;

/** run_log rows of a sync, oldest first (MySQL's state schema is shared by the server's databases). */
async function runLog(t: Fixture, syncId: string) {
  return (
    await t.wh.query(
      `select run_id, sync, status, new_records, updated_records, deleted_records, delivered,
              failed, quarantined, started_at from ${S}.run_log
        where sync_id = '${syncId}' order by started_at`,
    )
  ).map((r) => ({
    runId: r.run_id,
    sync: r.sync,
    status: r.status,
    changes: [Number(r.new_records), Number(r.updated_records), Number(r.deleted_records)],
    delivered: Number(r.delivered),
    failed: Number(r.failed),
    quarantined: Number(r.quarantined),
  }));
}

async function expectNoDuplicates(t: Fixture) {
  expect(
    await t.wh.query(
      `select run_id, record_id from ${S}.record_log group by run_id, record_id having count(*) > 1`,
    ),
  ).toEqual([]);
}

describe.each(kinds)('sync logs in the warehouse on %s', (kind) => {
  test('one record_log row per attempted record and one run_log row per run, as the run summaries say', async () => {
    const t = await setUp(kind, 'log_a', { logToWarehouse: true, retrySyncs: 2 });
    try {
      t.mirror.refuse = new Set(['3', '7']);
      const first = await t.call('syncs.run', { sync: 'mirror' });
      expect(first).toMatchObject({ status: 'partial', delivered: 38, failed: 2 });
      const firstRows = await recordRows(t, first.runId);
      expect(firstRows).toHaveLength(40);
      expect(countBy(firstRows, 'delivered')).toBe(first.delivered);
      expect(countBy(firstRows, 'failed')).toBe(first.failed);
      expect(firstRows.filter((r) => r[2] !== 'delivered')).toEqual([
        ['3', 'new', 'failed', 'record 3 refused by the receiver'],
        ['7', 'new', 'failed', 'record 7 refused by the receiver'],
      ]);
      expect(firstRows.every((r) => r[1] === 'new')).toBe(true);

      // An update, a mirror delete, and the two refused again: parked by the policy.
      await t.wh.sql(
        `update users set name = 'renamed' where user_id = 10`,
        'delete from users where user_id = 11',
      );
      t.advance(0.01);
      const second = await t.call('syncs.run', { sync: 'mirror' });
      expect(second).toMatchObject({ delivered: 2, failed: 2, quarantined: 2 });
      expect(await recordRows(t, second.runId)).toEqual([
        ['3', 'new', 'quarantined', 'record 3 refused by the receiver'],
        ['7', 'new', 'quarantined', 'record 7 refused by the receiver'],
        ['10', 'updated', 'delivered', null],
        ['11', 'deleted', 'delivered', null],
      ]);

      // Nothing to send: a run row, no record rows.
      t.advance(0.01);
      const third = await t.call('syncs.run', { sync: 'mirror' });
      expect(await recordRows(t, third.runId)).toEqual([]);
      expect(await runLog(t, first.syncId)).toEqual(
        [first, second, third].map((run) => ({
          runId: run.runId,
          sync: 'mirror',
          status: run.status,
          changes: [run.changes.new, run.changes.updated, run.changes.deleted],
          delivered: run.delivered,
          failed: run.failed,
          quarantined: run.quarantined ?? 0,
        })),
      );
      await expectNoDuplicates(t);

      // Logging off: runs are no longer written.
      await t.call('syncs.update', { sync: 'mirror', ops: { logToWarehouse: false } });
      await t.wh.sql(`update users set name = 'again' where user_id = 12`);
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({ delivered: 1 });
      expect(await runLog(t, first.syncId)).toHaveLength(3);
      await t.expectDestination({ '3': 'absent', '7': 'absent' });
    } finally {
      await t.close();
    }
  });

  test('rows older than the retention are deleted at the end of a run', async () => {
    const t = await setUp(kind, 'log_b', { logToWarehouse: true, logRetentionDays: 2 });
    try {
      const first = await t.call('syncs.run', { sync: 'mirror' });
      expect(await recordRows(t, first.runId)).toHaveLength(40);
      /** Days later, one record changes and the sync runs: the run_ids run_log keeps. */
      const laterRun = async (days: number, id: number) => {
        t.advance(days);
        await t.wh.sql(`update users set name = 'renamed' where user_id = ${id}`);
        const run = await t.call('syncs.run', { sync: 'mirror' });
        return { run, kept: (await runLog(t, first.syncId)).map((r) => r.runId) };
      };
      const { run: second, kept: afterSecond } = await laterRun(1, 5);
      expect(afterSecond).toEqual([first.runId, second.runId]);
      const { run: third, kept: afterThird } = await laterRun(1.5, 6);
      expect(afterThird).toEqual([second.runId, third.runId]);
      expect(await recordRows(t, first.runId)).toEqual([]);
      expect(await recordRows(t, second.runId)).toEqual([['5', 'updated', 'delivered', null]]);
      expect(await recordRows(t, third.runId)).toEqual([['6', 'updated', 'delivered', null]]);
    } finally {
      await t.close();
    }
  });
});

test('a run killed mid-way is logged by the next run with what it attempted, once', async () => {
  const t = await setUp('duckdb', 'log_kill', { logToWarehouse: true });
  try {
    const first = await t.call('syncs.run', { sync: 'mirror' });
    expect(first).toMatchObject({ status: 'succeeded', delivered: 40 });
    await t.wh.sql(`update users set name = name || ' v2'`);
    t.core.close();

    // Batches arrive and are never answered; the process dies meanwhile.
    t.mirror.answer = 'hang';
    const child = spawnSyncRun(t.home, 'mirror');
    const landed = await waitUntil(() => t.mirror.received.length >= 60, child.exited);
    expect(landed).toBe('reached');
    await child.kill();
    const reachedInKilledRun = new Set(t.mirror.received.slice(40));
    t.mirror.answer = 'ok';

    const storeFile = path.join(t.home, STORE_FILE);
    const leftBehind = () => {
      const store = new Database(storeFile, { readonly: true });
      try {
        return {
          pending: store.prepare('select * from run_log_pending').all(),
          notes: store.prepare('select * from run_log_notes').all(),
        };
      } finally {
        store.close();
      }
    };
    const killedNotes = leftBehind();
    expect(killedNotes.pending).toHaveLength(1);

    const core = createCore({ home: t.home, resourcesDir: path.resolve('resources'), host: 'cli' });
    try {
      const killed = (await core.dispatch('runs.list', { sync: 'mirror' })) as {
        ok: true;
        data: { runId: string; status: string }[];
      };
      const killedRun = killed.data[0]!;
      expect(killedRun.status).toBe('failed');
      const rerun = await core.dispatch('syncs.run', { sync: 'mirror' });
      expect(rerun).toMatchObject({ ok: true, data: { status: 'succeeded', failed: 0 } });
      const rerunId = (rerun as { data: { runId: string } }).data.runId;

      const killedRows = await t.wh.query(
        `select record_id, status from ${S}.record_log where run_id = '${killedRun.runId}'`,
      );
      // Every record that reached the destination in the killed run is logged, as in doubt.
      const logged = new Set(killedRows.map((r) => String(r.record_id)));
      for (const id of reachedInKilledRun) expect(logged.has(id)).toBe(true);
      expect(new Set(killedRows.map((r) => r.status))).toEqual(new Set(['in_doubt']));
      expect(
        await t.wh.query(
          `select count(*)::int as n from ${S}.record_log where run_id = '${rerunId}' and status = 'delivered'`,
        ),
      ).toEqual([{ n: 40 }]);
      expect(
        (await t.wh.query(`select run_id, status from ${S}.run_log order by started_at`)).map(
          (r) => [r.run_id, r.status],
        ),
      ).toEqual([
        [first.runId, 'succeeded'],
        [killedRun.runId, 'failed'],
        [rerunId, 'succeeded'],
      ]);

      // Ebb dies again after writing the killed run but before forgetting its notes: the next run
      // finds it already written and adds nothing.
      const store = new Database(storeFile);
      try {
        for (const row of killedNotes.pending as Record<string, unknown>[])
          store
            .prepare('insert into run_log_pending values (@run_id, @sync_id, @created_at)')
            .run(row);
        for (const row of killedNotes.notes as Record<string, unknown>[])
          store
            .prepare(
              'insert into run_log_notes values (@id, @run_id, @lo, @hi, @status, @error, @attempted_at)',
            )
            .run(row);
      } finally {
        store.close();
      }
      await core.dispatch('syncs.run', { sync: 'mirror' });
      expect(
        await t.wh.query(
          `select count(*)::int as n from ${S}.record_log where run_id = '${killedRun.runId}'`,
        ),
      ).toEqual([{ n: killedRows.length }]);
      expect(leftBehind().pending).toEqual([]);
    } finally {
      core.close();
    }
    await expectNoDuplicates(t);
  } finally {
    await t.close();
  }
}, 120_000);

test('a folder of Parquet files logs into its state file, queried like a model', async () => {
  const { home, cleanup } = tempHome('ebb-log-files-');
  const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
  const mirror = await startMirrorReceiver();
  try {
    const folder = path.join(home, 'lake');
    fs.mkdirSync(folder);
    await runDuckDb(
      path.join(home, 'scratch.duckdb'),
      `copy (select i as user_id, 'user ' || i as name from range(1, 26) as r(i))
         to '${path.join(folder, 'users.parquet')}' (format parquet)`,
    );
    const call = callThrough(core.dispatch);
    await call('warehouses.add', { kind: 'files', name: 'lake', dir: folder });
    await call('models.add', {
      ...USERS_MODEL,
      warehouse: 'lake',
      sql: `select * from 'users.parquet'`,
    });
    await call('destinations.add', { name: 'hook', config: { type: 'webhook', url: mirror.url } });
    await call('syncs.add', {
      name: 'lake users',
      model: 'users',
      destination: 'hook',
      ops: { logToWarehouse: true },
    });
    const run = await call('syncs.run', { sync: 'lake users' });
    expect(run).toMatchObject({ status: 'succeeded', delivered: 25 });
    const rows = await call('models.run', {
      warehouse: 'lake',
      sql: `select status, count(*) as n from ${S}.record_log where run_id = '${run.runId}' group by status`,
      idColumn: 'status',
    });
    expect(rows.rows).toEqual([{ status: 'delivered', n: 25 }]);
  } finally {
    await mirror.close();
    core.close();
    cleanup();
  }
});
