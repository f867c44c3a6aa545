import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCore } from '../createCore.js';
import { expectRowsEqual, modelRows, normaliseRecord } from '../testing/destinationEqualsModel.js';
import { readDuckDb, runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { spawnSyncRun, waitUntil } from '../testing/killableRun.js';
import { pgQuery } from '../testing/pgQuery.js';
import { tempHome } from '../testing/tempHome.js';

/**
 * A point of the kill matrix killConvergence.test.ts leaves out: `ebb sync run` SIGKILLed once
 * the PostgreSQL destination holds every change of a mirror run, i.e. while (or just after) the
 * run commits its acknowledgements to state, at several delays after the last answer; the
 * model then reverts part of what was sent before the next run. The destination must end equal
 * to the model row by row each time, and at least one kill must have landed with the
 * acknowledgements not yet committed (noted in the config store only).
 */
const ROWS = 60_000;

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

test('SIGKILL during the commit of state after the last answer, PostgreSQL mirror, model changed between runs', async () => {
  const { home, cleanup } = tempHome('ebb-kill-commit-');
  const warehouse = path.join(home, 'warehouse.duckdb');
  const url = server.url;
  try {
    await runDuckDb(
      warehouse,
      `create table users as select range as user_id, 'user ' || range as name, range * 1.5 as score from range(${ROWS})`,
    );
    const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
    try {
      for (const [name, arg] of [
        ['warehouses.add', { kind: 'duckdb', name: 'wh', path: warehouse }],
        [
          'models.add',
          { name: 'users', warehouse: 'wh', sql: 'select * from users', idColumn: 'user_id' },
        ],
        [
          'destinations.add',
          {
            name: 'pg',
            config: { type: 'postgres', url, table: 'users_copy', batchSize: 2000 },
          },
        ],
        ['syncs.add', { name: 'mirror', model: 'users', destination: 'pg', mode: 'mirror' }],
        ['plan.set', { plan: 'custom', limit: 1_000_000_000_000 }],
      ] as const) {
        const answer = await core.dispatch(name, arg as never);
        expect(answer, name).toMatchObject({ ok: true });
      }
    } finally {
      core.close();
    }

    const runToTheEnd = async () => {
      const run = spawnSyncRun(home, 'mirror');
      expect(await run.exited, run.output()).toBe(0);
    };
    const destination = async () =>
      new Map(
        (await pgQuery<Record<string, unknown>>(url, 'select * from users_copy')).map((row) => [
          String(row.user_id),
          normaliseRecord(row),
        ]),
      );
    const expectEqualsModel = async () =>
      expectRowsEqual(
        await destination(),
        await modelRows(warehouse, 'select * from users', 'user_id'),
      );
    /** Rows and rows renamed in `round`: the destination holds the model's once both agree. */
    const landedSql = (round: number) =>
      `select count(*) as n, count(*) filter (where name like 'round ${round} %') as renamed from users`;
    const pendingAcks = () => {
      const db = new Database(path.join(home, 'ebb.sqlite'), { readonly: true });
      try {
        return (db.prepare('select count(*) as n from sync_acks').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };

    await runToTheEnd();
    await expectEqualsModel();

    let killedBeforeCommit = 0;
    for (const [round, delayMs] of [0, 0, 25, 100].entries()) {
      await runDuckDb(
        warehouse,
        `update users set name = 'round ${round} ' || user_id where user_id % 3 = ${round % 3}`,
        `delete from users where user_id % 101 = ${round}`,
        `insert into users select range, 'late ' || range, 7 from range(${ROWS + round * 100}, ${ROWS + round * 100 + 100})`,
      );
      const [want] = await readDuckDb(warehouse, landedSql(round));
      const run = spawnSyncRun(home, 'mirror');
      const landed = await waitUntil(
        async () => {
          const [held] = await pgQuery<{ n: string; renamed: string }>(
            url,
            landedSql(round).replace('from users', 'from users_copy'),
          );
          return (
            Number(held?.n) === Number(want?.n) && Number(held?.renamed) === Number(want?.renamed)
          );
        },
        run.exited,
        5,
      );
      if (landed === 'reached') {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await run.kill();
      }
      await run.exited;
      if (pendingAcks() > 0) killedBeforeCommit++;

      // Part of what was just sent goes back, and some deleted ids return.
      await runDuckDb(
        warehouse,
        `update users set name = 'user ' || user_id where user_id % 6 = ${round % 3}`,
        `insert into users select range, 'back ' || range, 1 from range(${ROWS}) where range % 101 = ${round} and range % 2 = 0`,
      );
      await runToTheEnd();
      await expectEqualsModel();
    }
    expect(killedBeforeCommit).toBeGreaterThan(0);

    // Converged means quiet: nothing in doubt, nothing to send.
    const check = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
    try {
      expect(await check.dispatch('syncs.preview', { sync: 'mirror', limit: 0 })).toMatchObject({
        ok: true,
        data: { changes: { new: 0, updated: 0, deleted: 0 } },
      });
    } finally {
      check.close();
    }
  } finally {
    cleanup();
  }
}, 600_000);
