/**
 * Where an incremental diff's time goes: the diff bench's model (7 columns, 1% updated, 0.5%
 * deleted, 0.5% added) planned with every SQL statement timed, next to the raw hashing scan.
 *   npx tsx core/bench/diffProfile.ts --file /tmp/diff10m.duckdb [--rows N] [--explain]
 *     [--memory-limit 512MB] [--threads N] [--repeat N]
 *   npx tsx core/bench/diffProfile.ts --mysql mysql://… [--rows N] [--repeat N]
 * The model is seeded on first use (kept in the DuckDB file or the MySQL database), so later
 * runs skip the seeding; planning does not touch state, so the same model can be planned again
 * and again. DuckDB: wall and process CPU per statement (DuckDB's threads included);
 * `--explain` prints EXPLAIN ANALYZE of each statement that creates a table, run just before
 * it (that run's times include the EXPLAINs). MySQL/MariaDB: wall and the server's CPU per
 * statement (SHOW PROFILE).
 */
import fs from 'node:fs';
import os from 'node:os';
import { commitAcknowledged, planDiff } from '../diff/index.js';
import { createDuckDbFileIfMissing, DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { openWarehouse } from '../warehouse/openWarehouse.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { DIFF_MODEL_SQL, generateDiffSource, mutateDiffSource } from './diffSetup.js';
import { startProfiling } from './serverCpu.js';
import { cpuSeconds, oneLine, timeStatements, type Timing } from './statementTimes.js';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const mysqlUrl = arg('--mysql');
const file = arg('--file') ?? '/tmp/ebb-diff-profile.duckdb';
const rows = Number(arg('--rows') ?? (mysqlUrl ? 1_000_000 : 10_000_000));
const repeat = Number(arg('--repeat') ?? 1);
const explain = process.argv.includes('--explain');
const memoryLimit = arg('--memory-limit');
const threads = arg('--threads');
const kind = mysqlUrl ? 'mysql' : 'duckdb';
const ref = {
  syncKey: 'profile',
  stateSchema: '_ebb_reverse_etl',
  sql: DIFF_MODEL_SQL,
  idColumn: 'id',
};

const adapter: WarehouseAdapter = mysqlUrl
  ? openWarehouse({ kind: 'mysql', url: mysqlUrl })
  : new DuckDbAdapter(file, {
      ...(memoryLimit ? { memoryLimit, bulkMemoryLimit: memoryLimit } : {}),
      ...(threads ? { threads: Number(threads) } : {}),
    });
try {
  if (mysqlUrl ? !(await hasSource()) : !fs.existsSync(file)) await seed();
  const fingerprint = await adapter.fingerprint(await adapter.describeQuery(DIFF_MODEL_SQL));
  const fold = mysqlUrl ? 'max' : 'sum';
  const rawScan = `select count(*) as n, ${fold}(${fingerprint.expression('t')}) as h from (${DIFF_MODEL_SQL}) as t`;
  await adapter.query(rawScan);
  for (let run = 0; run < repeat; run++) {
    const load = os.loadavg()[0]!.toFixed(1);
    if (mysqlUrl) await startProfiling(adapter);
    const [rawWall, rawCpu] = await measured(() => adapter.query(rawScan));
    const rawServer = mysqlUrl ? await serverCpu() : undefined;
    if (mysqlUrl) await startProfiling(adapter);
    const timings: Timing[] = [];
    const unexplain = explain && run === 0 && !mysqlUrl ? explainFirst() : () => undefined;
    const restore = timeStatements(adapter, timings);
    const [planWall, planCpu, plan] = await measured(() =>
      planDiff(adapter, { ...ref, maxRecords: 1e12 }),
    );
    restore();
    unexplain();
    const planServer = mysqlUrl ? await serverCpu() : undefined;
    const cpuOf = (processCpu: number, server?: { cpuS: number }[]) =>
      server ? server.reduce((total, p) => total + p.cpuS, 0) : processCpu;
    const [rawC, planC] = [cpuOf(rawCpu, rawServer), cpuOf(planCpu, planServer)];
    console.log(
      `load ${load}: raw scan ${rawWall.toFixed(2)} s (${mysqlUrl ? 'server' : 'process'} cpu ${rawC.toFixed(2)}), diff ${planWall.toFixed(2)} s (cpu ${planC.toFixed(2)}): ${(planWall / rawWall).toFixed(2)}× wall, ${(planC / rawC).toFixed(2)}× cpu; new ${plan.new} updated ${plan.updated} deleted ${plan.deleted}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
    const line = (wall: string, cpu: number, sql: string) =>
      console.log(`${wall.padStart(7)} ${cpu.toFixed(2).padStart(7)}  ${oneLine(sql, 120)}`);
    for (const t of timings) {
      if (t.wallS >= 0.05 || t.cpuS >= 0.05) line(t.wallS.toFixed(2), t.cpuS, t.sql);
    }
    if (planServer) {
      console.log('server CPU per statement:');
      for (const p of planServer) if (p.cpuS >= 0.02) line('', p.cpuS, p.sql);
    }
  }
} finally {
  await adapter.close();
}

async function hasSource() {
  const [row] = await adapter.query(
    `select count(*) as n from information_schema.tables where table_name = 'bench_src' and table_schema = database()`,
  );
  return Number(row?.n) > 0;
}

async function seed() {
  if (!mysqlUrl) await createDuckDbFileIfMissing(file);
  await adapter.execute(generateDiffSource(kind, rows));
  const plan = await planDiff(adapter, { ...ref, maxRecords: 1e12 });
  await commitAcknowledged(adapter, ref, range(plan.staged));
  for (const sql of mutateDiffSource(kind, rows)) await adapter.execute(sql);
  if (!mysqlUrl) await adapter.execute('checkpoint');
}

/** The server's CPU seconds per profiled statement, with its text; then stops profiling. */
async function serverCpu(): Promise<{ sql: string; cpuS: number }[]> {
  await adapter.execute('set profiling = 0');
  const texts = new Map(
    (await adapter.query('show profiles')).map((row) => [Number(row.Query_ID), String(row.Query)]),
  );
  const list = await adapter.query(
    `select query_id as q, sum(cpu_user + cpu_system) as cpu from information_schema.profiling
      group by query_id order by query_id`,
  );
  return list
    .map((row) => ({ sql: texts.get(Number(row.q)) ?? '?', cpuS: Number(row.cpu) }))
    .filter((p) => !/^set profiling/i.test(p.sql));
}

/**
 * Prints DuckDB's EXPLAIN ANALYZE of each statement that creates a table from a query, run just
 * before the statement itself (the work tables it reads exist only then). Returns the undo.
 */
function explainFirst(): () => void {
  const execute = adapter.execute.bind(adapter);
  adapter.execute = async (sql: string) => {
    const select =
      /^\s*create\s+(or\s+replace\s+)?(temp\s+|temporary\s+)?table\s+\S+\s+as\s([\s\S]*)$/i.exec(
        sql,
      )?.[3];
    if (select) {
      const plan = await adapter.query(`explain analyze ${select}`);
      console.log(`\n--- ${oneLine(sql, 120)}`);
      for (const row of plan) console.log(String(row.explain_value));
    }
    return execute(sql);
  };
  return () => Reflect.deleteProperty(adapter, 'execute');
}

async function measured<T>(work: () => Promise<T>): Promise<[number, number, T]> {
  const wall = performance.now();
  const cpu = cpuSeconds();
  const result = await work();
  return [(performance.now() - wall) / 1000, cpuSeconds() - cpu, result];
}

function* range(to: number) {
  for (let seq = 1; seq <= to; seq++) yield { seq };
}
