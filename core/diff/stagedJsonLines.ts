import fs from 'node:fs/promises';
import path from 'node:path';
import type { JsonLinesBatch } from '../destinations/types.js';
import { RecordTextChange } from '../destinations/changeJson.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import {
  canExportStaged,
  exportStaged,
  ROW_GROUP,
  rowsPerRange,
  stagedInSeqOrder,
  type RangeLimits,
  type WrittenRange,
} from './exportStaged.js';
import { makeScratchDir } from './scratchDir.js';
import { stagedRow } from './staged.js';
import { readStagedLines } from './stagedLines.js';
import type { SyncStateRef } from './stateTables.js';
import type { ChangeOp, StagedChange } from './types.js';

export interface StagedJsonLinesOptions {
  /** Staging holds seq 1…staged. */
  staged: number;
  /** The plan says staging is stored in seq order (else it is checked). */
  inScanOrder?: boolean;
  /** Tests take smaller ranges and pieces. */
  chunks?: RangeLimits;
  pieceBytes?: number;
}

/**
 * Ranges of one DuckDB row group (staging's seq is its row number + 1, so they line up), written
 * on a connection of its own while the one before is sent: DuckDB writes a range on one thread.
 * One at a time: two (as the file export writes them) raised a 1M sync's peak RSS over 300 MB,
 * and one thread writes lines faster than a receiver takes them.
 */
const CHUNKS: RangeLimits = { firstRows: ROW_GROUP / 6, maxRows: ROW_GROUP, maxBytes: 64 << 20 };
/** Bytes of a range's file read at once (more for a batch that does not fit). */
const PIECE = 4 << 20;

/**
 * readStaged's batches, each as the changeJson texts the warehouse wrote for it (exportStaged.ts,
 * `exportStaged`), for a destination that sends them as they are (`sendJsonLines`, the
 * webhook): a first sync of millions then never splits, rebuilds or encodes its records in Node
 * (README.md, "Session 10"). The same changes in the same batches as readStaged. From the first
 * batch the warehouse could not write as changeJson would (a line holding 0x01 or CR: a deleted
 * change, an unusual id, a record with a line break) the rest comes as readStagedLines' changes.
 * DuckDB only, staging stored in seq order; anything else reads readStagedLines' changes.
 */
export async function* readStagedJsonLines(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  batchSize: number,
  options: StagedJsonLinesOptions,
): AsyncIterable<StagedJsonLines | StagedChange[]> {
  const { staged } = options;
  const size = Math.max(1, Math.floor(batchSize));
  const rest = (afterSeq: number) =>
    readStagedLines(adapter, ref, size, {
      afterSeq,
      staged,
      inScanOrder: options.inScanOrder,
    });
  const inOrder =
    canExportStaged(adapter) &&
    staged > 0 &&
    (options.inScanOrder === true || (await stagedInSeqOrder(adapter, ref, staged)));
  if (!inOrder) return yield* rest(0);
  const limits = options.chunks ?? CHUNKS;
  const dir = await makeScratchDir('ebb-lines');
  const ahead: Promise<WrittenRange>[] = [];
  let done = 0;
  let release: (() => Promise<void>) | undefined;
  try {
    // One thread, as readStagedLines writes its lines (README.md, "Session 8": on DuckDB's
    // threads its writer holds rows back to keep their order, for more CPU and memory).
    release = await adapter.limitThreads?.(1);
    const write = (from: number, to: number, n: number): Promise<WrittenRange> => {
      const file = path.join(dir, `b-${n}.jsonl`);
      const written = exportStaged(adapter, ref, { from, to }, file, 'json');
      written.catch(() => undefined);
      return written;
    };
    // The first range small, the rest of its row group at once: sending starts early.
    let scheduled = Math.min(staged, limits.firstRows);
    let n = 0;
    ahead.push(write(0, scheduled, n++));
    if (scheduled < staged) {
      const to = Math.min(staged, Math.max(scheduled + 1, limits.maxRows));
      ahead.push(write(scheduled, to, n++));
      scheduled = to;
    }
    let rows = 0;
    ranges: while (ahead.length > 0) {
      const range = await ahead.shift()!.catch(() => undefined);
      if (!range || range.lines !== range.to - range.from) break;
      if (rows === 0) rows = rowsPerRange(range, limits);
      // The warehouse writes the next range while this one is sent; ranges end at multiples of
      // `rows` (row groups).
      if (ahead.length === 0 && scheduled < staged) {
        const to = Math.min(staged, (Math.floor(scheduled / rows) + 1) * rows);
        ahead.push(write(scheduled, to, n++));
        scheduled = to;
      }
      const batches = rangeBatches(range, done, size, options.pieceBytes ?? PIECE);
      try {
        for (;;) {
          const step = await batches.next();
          if (step.done) {
            if (step.value < range.to) break ranges;
            break;
          }
          yield step.value;
          done = step.value.to;
        }
      } finally {
        await batches.return(done);
      }
      await fs.rm(range.file, { force: true });
    }
  } finally {
    await Promise.allSettled(ahead);
    await release?.().catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
  if (done < staged) yield* rest(done);
}

/**
 * The batches of a range's file: each ends where readStaged's batches end (every `size` changes
 * from seq 0), and a range's last one may be cut short by the range's end (its seqs go on in the
 * next range's first). Answers the seq up to which the lines were usable.
 */
async function* rangeBatches(
  range: WrittenRange,
  after: number,
  size: number,
  piece: number,
): AsyncGenerator<StagedJsonLines, number> {
  const handle = await fs.open(range.file, 'r');
  // A piece is a buffer of its own, never reused: a batch is a view of it (its line breaks made
  // commas in place), and only the start of a batch the piece cuts is copied into the next. A
  // copy per batch cost ~0.2 s of a 1M sync (allocations and copies of 160 KB; profile).
  let buffer = Buffer.allocUnsafe(piece);
  let kept = 0;
  let seq = after;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, null);
      const end = kept + bytesRead;
      const last = bytesRead === 0;
      let at = 0;
      for (;;) {
        // A batch ends at a multiple of `size`, or at the range's end.
        const count = Math.min(size - (seq % size), range.to - seq);
        if (count <= 0) return seq;
        const ends = new Int32Array(count);
        let cut = at - 1;
        let found = 0;
        while (found < count) {
          cut = buffer.indexOf(NEWLINE, cut + 1);
          if (cut < 0 || cut >= end) break;
          ends[found++] = cut - at;
        }
        if (found < count) {
          if (last) return seq;
          break;
        }
        const texts = buffer.subarray(at, cut);
        // Not as changeJson would write it (exportStaged.ts): from here, change by change.
        if (texts.includes(QUOTED) || texts.includes(CR)) return seq;
        // The inside of a JSON array.
        for (let i = 0; i < count - 1; i++) texts[ends[i]!] = COMMA;
        yield new StagedJsonLines(seq, texts, ends);
        seq += count;
        at = cut + 1;
      }
      kept = end - at;
      const next = Buffer.allocUnsafe(Math.max(piece, kept * 2));
      buffer.copy(next, 0, at, end);
      buffer = next;
    }
  } finally {
    await handle.close();
  }
}

const NEWLINE = 10;
const CR = 13;
const QUOTED = 1;
const COMMA = 44;

/**
 * A batch of staged changes as the changeJson texts the warehouse wrote (`from < seq <= to`),
 * joined by commas; its changes are read from the texts only if something asks for them (a
 * sample, a refused record).
 */
export class StagedJsonLines implements JsonLinesBatch {
  private read: StagedChange[] | undefined;
  constructor(
    /** The seq before the batch's first change. */
    readonly from: number,
    readonly bytes: Buffer,
    /** Where each text ends in `bytes` (the comma after it, or the end). */
    readonly ends: Int32Array,
  ) {}

  get count(): number {
    return this.ends.length;
  }

  get to(): number {
    return this.from + this.ends.length;
  }

  /** The staged changes, as readStaged would read them (a string id as its text). */
  staged(): StagedChange[] {
    if (this.read) return this.read;
    this.read = [];
    for (let i = 0; i < this.ends.length; i++) {
      const line = this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1]! + 1, this.ends[i]);
      const { op, id } = JSON.parse(line) as { op: ChangeOp; id: string };
      const prefix = `{"op":${JSON.stringify(op)},"id":${JSON.stringify(id)},"record":`;
      if (!line.startsWith(prefix)) throw new Error(`Unexpected staged line ${this.from + i + 1}`);
      this.read.push(
        stagedRow(this.from + i + 1, op, id, line.slice(prefix.length, -1), [], false),
      );
    }
    return this.read;
  }

  /** The changes as a destination receives them. */
  changes(): RecordTextChange[] {
    return this.staged().map((c) => new RecordTextChange(c.op, c.id as string, c.recordJson));
  }
}
