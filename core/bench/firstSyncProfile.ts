/**
 * Where a first sync's time goes: the first-sync bench's DuckDB model (7 columns) planned,
 * read back, written as JSON Lines by the file destination and committed, in one process, with
 * every SQL statement timed (wall and process CPU, DuckDB's threads included).
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx core/bench/firstSyncProfile.ts [--rows N]
 *     [--memory-limit 256MB]
 * Then the same model planned again with nothing changed (the no-op sync's diff). The CPU
 * profile shows the Node side; the SQL tables show the warehouse side. Prints text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileDestination } from '../destinations/file/fileDestination.js';
import { RecordTextChange } from '../destinations/changeJson.js';
import { commitAcknowledged, planDiff, readStaged } from '../diff/index.js';
import { createDuckDbFileIfMissing, DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { createBenchSourceSql, MODEL_SQL } from './firstSyncSetup.js';
import { cpuSeconds, oneLine, timeStatements, type Timing } from './statementTimes.js';

const rowsAt = process.argv.indexOf('--rows');
const ROWS = rowsAt >= 0 ? Number(process.argv[rowsAt + 1]) : 1_000_000;

async function phase<T>(name: string, work: () => Promise<T>, out: string[]): Promise<T> {
  const wall = performance.now();
  const cpu = cpuSeconds();
  const result = await work();
  out.push(
    `${name.padEnd(40)} wall ${((performance.now() - wall) / 1000).toFixed(2).padStart(7)} s  cpu ${(cpuSeconds() - cpu).toFixed(2).padStart(7)} s  peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  return result;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-profile-first-'));
const memoryAt = process.argv.indexOf('--memory-limit');
const memoryLimit = memoryAt >= 0 ? process.argv[memoryAt + 1] : undefined;
const adapter = new DuckDbAdapter(
  path.join(dir, 'bench.duckdb'),
  memoryLimit ? { memoryLimit, bulkMemoryLimit: memoryLimit } : {},
);
const timings: Timing[] = [];
const phases: string[] = [];
try {
  await createDuckDbFileIfMissing(adapter.path);
  await adapter.execute(createBenchSourceSql(ROWS));
  await adapter.execute('checkpoint');
  await phase(
    'DuckDB COPY … (format json)',
    () => adapter.execute(`copy (${MODEL_SQL}) to '${path.join(dir, 'copy.json')}' (format json)`),
    phases,
  );
  timeStatements(adapter, timings);
  const ref = { syncKey: 'profile', stateSchema: '_ebb_reverse_etl' };
  const plan = await phase(
    'plan (planDiff)',
    () => planDiff(adapter, { ...ref, sql: MODEL_SQL, idColumn: 'id', maxRecords: 1e12 }),
    phases,
  );
  const planStatements = timings.length;
  const destination = new FileDestination({ path: path.join(dir, 'out'), format: 'jsonl' });
  await destination.open({ runId: 'profile', syncName: 'profile', idColumn: 'id' });
  let last = 0;
  // As the sync engine does: less memory while staged pages pass through.
  await adapter.setWorkMemory('read');
  await phase(
    'read staged + file destination',
    async () => {
      for await (const batch of readStaged(adapter, ref, destination.batchSize)) {
        await destination.send(
          batch.map((c) => new RecordTextChange(c.op, String(c.id), c.recordJson)),
        );
        last = batch[batch.length - 1]!.seq;
      }
    },
    phases,
  );
  await destination.close();
  await adapter.setWorkMemory('normal');
  await phase('commit (one range)', () => commitAcknowledged(adapter, ref, range(last)), phases);
  const noopFrom = timings.length;
  const noop = await phase(
    'no-op plan (nothing changed)',
    () => planDiff(adapter, { ...ref, sql: MODEL_SQL, idColumn: 'id', maxRecords: 1e12 }),
    phases,
  );
  console.log(`rows ${ROWS}, staged ${plan.staged}, then ${noop.staged}`);
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  console.log(phases.join('\n'));
  console.log('\nSQL statements of the plan (wall s, cpu s):');
  for (const t of timings.slice(0, planStatements)) {
    if (t.wallS >= 0.05)
      console.log(
        `${t.wallS.toFixed(2).padStart(7)} ${t.cpuS.toFixed(2).padStart(7)}  ${oneLine(t.sql)}`,
      );
  }
  console.log('\nSQL statements of the no-op plan (wall s, cpu s):');
  for (const t of timings.slice(noopFrom)) {
    if (t.wallS >= 0.05)
      console.log(
        `${t.wallS.toFixed(2).padStart(7)} ${t.cpuS.toFixed(2).padStart(7)}  ${oneLine(t.sql)}`,
      );
  }
  const reads = timings.slice(planStatements, noopFrom).filter((t) => t.sql.includes('string_agg'));
  console.log(
    `\nreadStaged: ${reads.length} page queries, wall ${sum(reads, 'wallS').toFixed(2)} s, cpu ${sum(reads, 'cpuS').toFixed(2)} s (pages overlap delivery)`,
  );
} finally {
  await adapter.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

function* range(to: number) {
  for (let seq = 1; seq <= to; seq++) yield { seq };
}

function sum(list: Timing[], key: 'wallS' | 'cpuS') {
  return list.reduce((total, t) => total + t[key], 0);
}
