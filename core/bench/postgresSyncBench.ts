/**
 * PostgreSQL → PostgreSQL: a first sync of a 7-column model (1M rows by default) into a
 * PostgreSQL destination table through the CLI, against the floor on the same server: the raw
 * `COPY (model) TO STDOUT` piped into `COPY raw_copy FROM STDIN` of another database.
 *   npx tsx core/bench/postgresSyncBench.ts [--rows 1000000]
 * Prints one JSON document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import {
  createPgBenchSource,
  PG_MODEL_COLUMNS,
  PG_MODEL_SQL,
  withClient,
} from './postgresBenchSetup.js';
import { startTestPostgres } from '../testing/embeddedPostgres.js';
import { round, runEbb } from './cliProcess.js';

const at = process.argv.indexOf('--rows');
const rows = Number(at >= 0 ? process.argv[at + 1] : (process.env.EBB_BENCH_PG_ROWS ?? 1_000_000));
const MODEL_SQL = PG_MODEL_SQL;
const COLUMNS = PG_MODEL_COLUMNS;

const server = await startTestPostgres();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-pg-'));
try {
  const source = await server.createDatabase('bench_source');
  const target = await server.createDatabase('bench_target');
  await createPgBenchSource(source, rows);
  await withClient(target, (client) => client.query(`create table raw_copy (${COLUMNS})`));

  // The floor: the server's own COPY out of the model, straight into COPY in.
  const copyStarted = performance.now();
  await withClient(source, (from) =>
    withClient(target, (to) =>
      pipeline(
        from.query(copyTo(`copy (${MODEL_SQL}) to stdout`)),
        to.query(copyFrom('copy raw_copy from stdin')),
      ),
    ),
  );
  const copyS = (performance.now() - copyStarted) / 1000;

  const home = path.join(dir, 'home');
  const ebb = async (args: string[]) => {
    const run = await runEbb(['--home', home, '--json', ...args]);
    if (run.code !== 0) throw new Error(`ebb ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return run;
  };
  await ebb(['warehouse', 'add', 'source', '--postgres', source]);
  await ebb(['model', 'add', 'src', '--warehouse', 'source', '--sql', MODEL_SQL, '--id', 'id']);
  await ebb([
    'destination',
    'add',
    'target',
    '--type',
    'postgres',
    '--url',
    target,
    '--table',
    'synced',
  ]);
  await ebb(['sync', 'add', 'bench', '--model', 'src', '--destination', 'target']);
  await ebb(['plan', 'set', 'custom', '--limit', '1000000000000']);
  const sync = await ebb(['sync', 'run', 'bench']);
  const run = JSON.parse(sync.stdout) as { delivered: number };
  const [landed] = await withClient(
    target,
    async (client) =>
      (await client.query('select count(*)::int as n from synced')).rows as { n: number }[],
  );
  if (run.delivered !== rows || landed?.n !== rows) {
    throw new Error(`expected ${rows} rows, delivered ${run.delivered}, table has ${landed?.n}`);
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        rows,
        rawCopyPipeS: round(copyS),
        firstSyncS: round(sync.seconds),
        ratio: round(sync.seconds / copyS),
        firstSyncPeakRssMb: sync.peakRssMb,
        targets: { within3xOfCopy: sync.seconds / copyS <= 3 },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
