import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../store/openStore.js';
import type { Destination } from '../destinations/types.js';
import {
  canExportStaged,
  exportStaged,
  ROW_GROUP,
  rowsPerRange,
  stagedInSeqOrder,
  type RangeLimits,
  type WrittenRange,
} from '../diff/exportStaged.js';
import { makeScratchDir } from '../diff/scratchDir.js';
import type { SyncStateRef } from '../diff/stateTables.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { QuotaMeter } from './quota.js';

/** What the export hands to a run's bookkeeping (the same steps as a batch's in syncEngine). */
export interface ExportRun {
  adapter: WarehouseAdapter;
  ref: SyncStateRef;
  destination: Destination;
  /** Staged changes, numbered 1…staged. */
  staged: number;
  /** The plan says staging is stored in seq order (else it is checked). */
  inScanOrder: boolean;
  signal: AbortSignal;
  db: Db;
  quota: QuotaMeter;
  reservation: { runId: string; syncId: string; destinationId: string };
  acks: {
    noteInDoubt(ranges: [number, number][]): number[];
    settle(doubtIds: number[], acknowledged: [number, number][]): void;
  };
  /** Runs warehouse work in its turn (the run's serial queue). */
  warehouseWork: <T>(work: () => Promise<T>) => Promise<T>;
  /** After each range delivered: how many changes. */
  delivered(count: number, range: [number, number]): void;
  /** Tests take smaller ranges. */
  chunks?: RangeLimits;
}

/** Ranges written at once: DuckDB writes each on one thread. */
const WRITERS = 2;
/**
 * Ranges of one DuckDB row group (122,880 changes; staging's seq is its row number + 1, so they
 * line up) or 64 MB: DuckDB then writes a range on one thread without holding rows back to keep
 * their order. Ranges of 250,000 made it buffer a row group's text per range, and two ranges at
 * once at the `read` memory level spilled to temp files (perf of a 3M sync: DuckDB's
 * TemporaryFileManager; peak RSS 337-380 MB against 312-318). A kill resends at most one range.
 * The first ranges halve a row group: as many lines in flight as one range before.
 */
const CHUNKS: RangeLimits = {
  firstRows: ROW_GROUP / WRITERS,
  maxRows: ROW_GROUP,
  maxBytes: 64 << 20,
};

/**
 * Delivers staged changes to a destination that appends JSON Lines or CSV files (the file
 * destination), the warehouse writing the lines itself, range after range
 * (core/diff/exportStaged.ts, stagedCsvLine.ts). Each range is metered and noted in doubt before
 * it is appended, and acknowledged after, as a batch of send() is, so a crash or a kill at any
 * point loses nothing and resends at most one range.
 * Answers the last seq it handled: the caller sends the rest change by change (a range the
 * warehouse could not write as Node would, the plan's limit reached, a cancel).
 */
export async function deliverByExport(run: ExportRun): Promise<number> {
  const lines = lineWriter(run);
  if (!lines || !canExportStaged(run.adapter) || run.staged === 0) return 0;
  const { append } = lines;
  const inOrder =
    run.inScanOrder ||
    (await run.warehouseWork(() => stagedInSeqOrder(run.adapter, run.ref, run.staged)));
  if (!inOrder) return 0;
  const dir = await makeScratchDir('ebb-lines');
  let done = 0;
  const ahead: Promise<WrittenRange>[] = [];
  let release: (() => Promise<void>) | undefined;
  try {
    // One DuckDB thread: each range is then written on the connection's own thread, two at once
    // (WRITERS). On DuckDB's threads each range's order-keeping writer (BATCH_COPY_TO_FILE) held
    // batches back and both threads spun for them: the 1M export's ranges took 1.25 CPU s against
    // 0.39 on one thread (README.md, "Session 11").
    release = await run.adapter.limitThreads?.(1);
    // Staging passes through, as when pages are read: at the `stream` level DuckDB's buffers,
    // caching it, raised a 3M-row sync's peak RSS from 323 to 420 MB (10M at `read`: 376 MB).
    await run.warehouseWork(async () => run.adapter.setWorkMemory?.('read'));
    // Each range on a connection of its own (queryAside), beside the run's.
    const write = (from: number, to: number, n: number): Promise<WrittenRange> => {
      const file = path.join(dir, `lines-${n}.jsonl`);
      const written = lines.write({ from, to }, file);
      written.catch(() => undefined);
      return written;
    };
    const limits = run.chunks ?? CHUNKS;
    // The first ranges at once too: one alone kept a core idle (~0.2 s of a 1M sync).
    let scheduled = 0;
    let n = 0;
    while (ahead.length < WRITERS && scheduled < run.staged) {
      const to = Math.min(run.staged, scheduled + limits.firstRows);
      ahead.push(write(scheduled, to, n++));
      scheduled = to;
    }
    let rows = 0;
    while (ahead.length > 0) {
      // A range the warehouse could not write (a full temp disk) goes change by change too.
      const chunk = await ahead.shift()!.catch(() => undefined);
      if (!chunk || chunk.lines !== chunk.to - chunk.from) break;
      if (rows === 0) rows = rowsPerRange(chunk, limits);
      // The warehouse writes the next ranges while this one is appended.
      while (ahead.length < WRITERS && scheduled < run.staged) {
        const to = Math.min(run.staged, scheduled + rows);
        ahead.push(write(scheduled, to, n++));
        scheduled = to;
      }
      if (run.signal.aborted || !(await deliverRange(run, append, chunk))) break;
      await fs.rm(chunk.file, { force: true });
      done = chunk.to;
    }
  } finally {
    await Promise.allSettled(ahead);
    await release?.();
    await fs.rm(dir, { recursive: true, force: true });
  }
  return done;
}

/**
 * How the destination takes warehouse-written lines: JSON Lines (changeJson texts) or, once its
 * header is written, CSV rows (core/diff/stagedCsvLine.ts); undefined when it takes neither.
 */
function lineWriter(run: ExportRun):
  | {
      append: (file: string, lines: number) => Promise<boolean>;
      write: (range: { from: number; to: number }, file: string) => Promise<WrittenRange>;
    }
  | undefined {
  const json = run.destination.appendJsonLinesFile;
  if (json) {
    return {
      append: json,
      write: (range, file) => exportStaged(run.adapter, run.ref, range, file, 'json'),
    };
  }
  const csv = run.destination.csvLinesTarget?.();
  if (!csv) return undefined;
  return {
    append: (file, count) => csv.append(file, count),
    write: (range, file) => exportStaged(run.adapter, run.ref, range, file, { csv }),
  };
}

/** One range metered, noted in doubt, appended and acknowledged; false if not appended. */
async function deliverRange(
  run: ExportRun,
  append: (file: string, lines: number) => Promise<boolean>,
  chunk: WrittenRange,
): Promise<boolean> {
  const range: [number, number] = [chunk.from + 1, chunk.to];
  const noted = run.db
    .transaction(() => {
      const reservation = run.quota.reserve({ ...run.reservation, requested: chunk.lines });
      return {
        reservation,
        doubtIds: reservation.granted < chunk.lines ? [] : run.acks.noteInDoubt([range]),
      };
    })
    .immediate();
  const { reservationId } = noted.reservation;
  if (noted.reservation.granted < chunk.lines) {
    // Short of the plan's limit: the rest goes change by change, which sends what fits.
    run.quota.settle(reservationId, { delivered: 0, failed: 0 });
    return false;
  }
  const appended = await append(chunk.file, chunk.lines);
  let meterError: unknown;
  run.db
    .transaction(() => {
      run.acks.settle(noted.doubtIds, appended ? [range] : []);
      try {
        run.quota.settle(reservationId, { delivered: appended ? chunk.lines : 0, failed: 0 });
      } catch (error) {
        meterError = error;
      }
    })
    .immediate();
  if (meterError) throw meterError;
  if (appended) run.delivered(chunk.lines, range);
  return appended;
}
