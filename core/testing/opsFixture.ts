import path from 'node:path';
import mysql from 'mysql2/promise';
import { expect } from 'vitest';
import { callThrough } from '../api/callThrough.js';
import type { CallInput } from '../api/contract.js';
import { createCore, type Core } from '../createCore.js';
import { readDuckDb, runDuckDb } from './duckdbFile.js';
import { startMirrorReceiver } from './mirrorReceiver.js';
import { pgQuery } from './pgQuery.js';
import { USERS_MODEL } from './syncFixture.js';
import { tempHome } from './tempHome.js';

export type OpsKind = 'duckdb' | 'postgres' | 'mysql';

/** A server database URL maker: embedded PostgreSQL's or MariaDB's `createDatabase`. */
export type CreateDatabase = (name: string) => Promise<string>;

type Rows = Record<string, unknown>[];

/** A warehouse holding users(user_id, name) of 40 rows; `query` runs any SQL against it. */
async function warehouse(kind: OpsKind, home: string, db: string, createDatabase?: CreateDatabase) {
  if (kind === 'duckdb') {
    const file = path.join(home, 'wh.duckdb');
    await runDuckDb(
      file,
      `create table users as select i as user_id, 'user ' || i as name from generate_series(1, 40) as g(i)`,
    );
    return {
      add: { kind, name: 'wh', path: file } as const,
      sql: (...statements: string[]) => runDuckDb(file, ...statements),
      query: (sql: string) => readDuckDb(file, sql),
    };
  }
  const url = await createDatabase!(db);
  /** Runs the statements in order; answers the rows of the last. */
  const run = async (statements: readonly string[]): Promise<Rows> => {
    if (kind !== 'mysql') return pgQuery(url, ...statements);
    const connection = await mysql.createConnection(url);
    try {
      await connection.query(`set session sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT'`);
      let last: Rows = [];
      for (const statement of statements) {
        const [rows] = await connection.query(statement);
        last = Array.isArray(rows) ? (rows as Rows) : [];
      }
      return last;
    } finally {
      await connection.end();
    }
  };
  await run([
    kind === 'mysql'
      ? `create table users as select seq as user_id, 'user ' || seq as name from seq_1_to_40`
      : `create table users as select i as user_id, 'user ' || i as name from generate_series(1, 40) as g(i)`,
  ]);
  return {
    add: { kind, name: 'wh', url } as const,
    sql: async (...statements: string[]) => void (await run(statements)),
    query: (sql: string) => run([sql]),
  };
}

/**
 * A core whose sync `mirror` (mode mirror, model `users`) delivers to a loopback webhook receiver
 * in batches of 10, with the given operations settings; a clock the test moves.
 */
export async function opsFixture(
  kind: OpsKind,
  db: string,
  ops: CallInput<'syncs.add'>['ops'],
  createDatabase?: CreateDatabase,
) {
  const { home, cleanup } = tempHome('ebb-ops-');
  let now = new Date('2026-12-01T10:00:00Z');
  const core: Core = createCore({
    home,
    resourcesDir: path.resolve('resources'),
    host: 'cli',
    clock: () => now,
  });
  const call = callThrough(core.dispatch);
  const wh = await warehouse(kind, home, db, createDatabase);
  const mirror = await startMirrorReceiver();
  await call('warehouses.add', wh.add);
  await call('models.add', USERS_MODEL);
  await call('destinations.add', {
    name: 'hook',
    config: {
      type: 'webhook',
      url: mirror.url,
      batchSize: 10,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    },
  });
  await call('syncs.add', {
    name: 'mirror',
    model: 'users',
    destination: 'hook',
    mode: 'mirror',
    ops,
  });
  /** Row by row: the destination holds exactly the model, except the ids given (parked). */
  const expectDestination = async (except: Record<string, 'absent' | string> = {}) => {
    const expected = new Map(
      (await wh.query('select user_id, name from users order by user_id')).map(
        (row) => [String(row.user_id), String(row.name)] as const,
      ),
    );
    for (const [id, held] of Object.entries(except)) {
      if (held === 'absent') expected.delete(id);
      else expected.set(id, held);
    }
    const actual = new Map([...mirror.rows].map(([id, record]) => [id, String(record.name)]));
    expect(Object.fromEntries([...actual].sort())).toEqual(
      Object.fromEntries([...expected].sort()),
    );
  };
  return {
    core,
    home,
    call,
    wh,
    mirror,
    expectDestination,
    advance: (days: number) => (now = new Date(now.getTime() + days * 86_400_000)),
    async close() {
      await mirror.close();
      core.close();
      cleanup();
    },
  };
}
