import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { killUntilConverged, type DestinationUnderTest } from '../testing/killConvergence.js';
import { startMirrorReceiver, type MirrorReceiver } from '../testing/mirrorReceiver.js';
import { tempHome } from '../testing/tempHome.js';

/** The kill sequence of testing/killConvergence.ts at ROWS records, on the local destinations. */
const ROWS = Number(process.env.EBB_KILL_ROWS ?? 1_000_000);
const BATCH = 2000;
const MINUTES = 60_000;

type Row = Record<string, unknown>;

async function webhookUnderTest(): Promise<DestinationUnderTest & { mirror: MirrorReceiver }> {
  const mirror = await startMirrorReceiver();
  return {
    mirror,
    config: () => ({ type: 'webhook', url: mirror.url, batchSize: BATCH, concurrency: 4 }),
    snapshot: () => Promise.resolve(new Map(mirror.rows)),
    landed: () => Promise.resolve(mirror.received.length),
    close: () => mirror.close(),
  };
}

function fileUnderTest(dir: string, format: 'jsonl' | 'csv'): DestinationUnderTest {
  const files = () =>
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith(`.${format}`))
      .map((name) => path.join(dir, name));
  return {
    config: () => ({ type: 'file', path: dir, format }),
    // The folder replayed run after run, as a consumer of the files would; a line cut by the kill
    // (never acknowledged) is skipped.
    async snapshot() {
      const rows = new Map<string, Row>();
      const ordered = files().sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
      for (const file of ordered) {
        const changes = format === 'jsonl' ? jsonLinesChanges(file) : csvChanges(file);
        for (const change of changes) {
          if (change.op === 'deleted') rows.delete(change.id);
          else rows.set(change.id, change.record);
        }
      }
      return rows;
    },
    landed: () =>
      Promise.resolve(files().reduce((sum, file) => sum + fs.statSync(file).size, 0) / 40),
    close: () => Promise.resolve(),
  };
}

interface FileChange {
  op: string;
  id: string;
  record: Row;
}

function* jsonLinesChanges(file: string): Generator<FileChange> {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      yield JSON.parse(line) as FileChange;
    } catch {
      continue;
    }
  }
}

/**
 * A CSV file's changes by its header (`op`, the model's columns, `__segment_id`); the model's
 * values hold no comma, quote or line break, so a row splits on commas. The text after the last
 * line break is a row (or the header) cut by the kill.
 */
function* csvChanges(file: string): Generator<FileChange> {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  // A run killed before its header was whole left nothing else.
  if (header === undefined) return;
  const columns = header.split(',');
  for (const line of lines) {
    const cells = line.split(',');
    const record = Object.fromEntries(columns.map((column, at) => [column, cells[at]]));
    const op = String(record.op);
    yield { op, id: String(op === 'deleted' ? record.__segment_id : record.user_id), record };
  }
}

function postgresUnderTest(url: string): DestinationUnderTest {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  const exists = async () => {
    await connected;
    const { rows } = await client.query(`select to_regclass('public.users_copy') is not null as e`);
    return (rows[0] as { e: boolean }).e;
  };
  return {
    config: () => ({ type: 'postgres', url, table: 'users_copy', batchSize: BATCH }),
    async snapshot() {
      const rows = new Map<string, Row>();
      if (!(await exists())) return rows;
      const result = await client.query(
        'select user_id::text as user_id, name, score::text as score from users_copy',
      );
      for (const row of result.rows as Row[]) rows.set(String(row.user_id), row);
      return rows;
    },
    async landed() {
      if (!(await exists())) return 0;
      const { rows } = await client.query('select count(*)::int as n from users_copy');
      return (rows[0] as { n: number }).n;
    },
    close: () => client.end(),
  };
}

describe(`SIGKILL at several points of a ${ROWS}-record mirror sync while the model changes`, () => {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test(
    'webhook: the receiver ends equal to the model, duplicates bounded by what was in flight',
    async () => {
      const destination = await webhookUnderTest();
      try {
        await killUntilConverged(destination, {
          rows: ROWS,
          afterFirstSync: (kills) => {
            // Each kill can cost at most the batches in flight: sent again as in doubt.
            const duplicates = destination.mirror.received.length - ROWS;
            expect(duplicates).toBeLessThanOrEqual(kills * BATCH * 4);
          },
        });
      } finally {
        await destination.close();
      }
    },
    20 * MINUTES,
  );

  test.each(['jsonl', 'csv'] as const)(
    'file (%s): the folder replayed ends equal to the model, duplicates bounded by the range in flight',
    async (format) => {
      const { home: dir, cleanup } = tempHome('ebb-kill-files-');
      try {
        await killUntilConverged(fileUnderTest(dir, format), {
          rows: ROWS,
          afterFirstSync: (kills) => {
            // The first sync's lines are written by DuckDB a range at a time (exportDelivery.ts):
            // each kill can cost at most the range being appended (122,880 lines; 250,000 allowed).
            // A CSV file's first line is its header.
            const lines = fs
              .readdirSync(dir)
              .filter((name) => name.endsWith(`.${format}`))
              .reduce((sum, name) => {
                const text = fs.readFileSync(path.join(dir, name), 'utf8');
                return sum + text.split('\n').length - 1 - (format === 'csv' ? 1 : 0);
              }, 0);
            expect(lines).toBeGreaterThanOrEqual(ROWS);
            expect(lines - ROWS).toBeLessThanOrEqual(kills * 250_000);
          },
        });
      } finally {
        cleanup();
      }
    },
    20 * MINUTES,
  );

  test(
    'postgres: the destination table ends equal to the model',
    async () => {
      const destination = postgresUnderTest(server!.url);
      try {
        await killUntilConverged(destination, { rows: ROWS });
      } finally {
        await destination.close();
      }
    },
    20 * MINUTES,
  );
});
