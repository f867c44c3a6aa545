import { isAscii } from 'node:buffer';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { tableExists } from './diffSql.js';
import {
  canExportStaged,
  exportStaged,
  rowsPerRange,
  stagedInSeqOrder,
  type RangeLimits,
  type WrittenRange,
} from './exportStaged.js';
import { makeScratchDir } from './scratchDir.js';
import { readMeta } from './state.js';
import { isCommittedStage } from './stageIntoState.js';
import { idFromJson, readStaged, stagedRow } from './staged.js';
import { stateTables, type SyncStateRef } from './stateTables.js';
import type { ChangeOp, StagedChange } from './types.js';

export interface StagedLinesOptions {
  /** The changes up to this seq are left out (already delivered another way). */
  afterSeq?: number;
  /** Staging holds seq 1…staged. */
  staged: number;
  /** The plan says staging is stored in seq order (else it is checked). */
  inScanOrder?: boolean;
  /** Tests take smaller ranges. */
  chunks?: RangeLimits;
}

const CHUNKS: RangeLimits = { firstRows: 50_000, maxRows: 250_000, maxBytes: 64 << 20 };
/** Bytes of a file decoded at once (grown for a longer line). */
const PIECE = 1 << 20;
/** Bytes decoded into one text (more for a longer line). */
const SLICE = 1 << 16;

/**
 * readStaged's batches (the same changes, the same batches), read from files the warehouse
 * writes itself, range after range (exportStaged.ts, `exportStaged`), instead of page
 * queries: DuckDB writes a range on its threads while Node reads the previous one, and Node
 * reads plain lines in pieces of a megabyte (README.md, "Session 8"). A change's seq is its
 * range's start plus its line's place, which needs staging stored in seq order (checked unless
 * the plan says so). A range the warehouse could not write as plain lines (a record with a line
 * break is quoted) or whose line count is off is read with page queries from where the lines
 * stopped. DuckDB only; anything else reads pages.
 */
export async function* readStagedLines(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  batchSize: number,
  options: StagedLinesOptions,
): AsyncIterable<StagedChange[]> {
  const afterSeq = options.afterSeq ?? 0;
  const { staged } = options;
  const tables = stateTables(ref, adapter.dialect);
  const pages = () => readStaged(adapter, ref, batchSize, afterSeq);
  if (!canExportStaged(adapter) || staged <= afterSeq) return yield* pages();
  if (!(await tableExists(adapter, ref.stateSchema, tables.stageName))) return;
  if (await isCommittedStage(adapter, tables)) return;
  const inOrder = options.inScanOrder === true || (await stagedInSeqOrder(adapter, ref, staged));
  if (!inOrder) return yield* pages();
  const columns = (await readMeta(adapter, ref))?.columns ?? [];
  const size = Math.max(1, Math.floor(batchSize));
  const limits = options.chunks ?? CHUNKS;

  let pending: StagedChange[] = [];
  const full: StagedChange[][] = [];
  const push = (change: StagedChange) => {
    pending.push(change);
    if (pending.length === size) {
      full.push(pending);
      pending = [];
    }
  };
  const dir = await makeScratchDir('ebb-staged');
  let next: Promise<WrittenRange> | undefined;
  let release: (() => Promise<void>) | undefined;
  try {
    // One thread writes the lines, beside Node reading them. On DuckDB's threads, its writer
    // keeps a range's order by holding what the other threads wrote: 1M changes cost 1.6-2.0 CPU
    // s and 288-339 MB of peak RSS, against 1.0-1.3 s and 204 MB on one (README.md, "Session 8").
    // The setting is the database's: the adapter counts overlapping reads, the last restores it.
    release = await adapter.limitThreads?.(1);
    const write = (from: number, rows: number, n: number): Promise<WrittenRange> => {
      const to = Math.min(staged, from + rows);
      const file = path.join(dir, `changes-${n}.txt`);
      const written = exportStaged(adapter, ref, { from, to }, file, 'changes');
      // Written while the caller sends: an error waits for the await below.
      written.catch(() => undefined);
      return written;
    };
    next = write(afterSeq, limits.firstRows, 0);
    for (let n = 1; next; n++) {
      const range = await next;
      next = undefined;
      if (range.to < staged) {
        // The warehouse writes the next range while this one is read.
        next = write(range.to, rowsPerRange(range, limits), n);
      }
      let seq = range.from;
      if (range.lines === range.to - range.from) {
        const lines = readLines(range.file, range.from, columns, push);
        try {
          for (;;) {
            const step = await lines.next();
            while (full.length > 0) yield full.shift()!;
            if (step.done) {
              seq = step.value;
              break;
            }
          }
        } finally {
          // A reader that stops early closes the file before it is removed.
          await lines.return(seq);
        }
      }
      await fs.rm(range.file, { force: true });
      if (seq < range.to) {
        // Not all as plain lines: the rest of the range from the warehouse's pages, once the
        // next range is written (one statement at a time on the connection).
        await next?.catch(() => undefined);
        for await (const batch of readStaged(adapter, ref, size, seq, range.to)) {
          for (const change of batch) push(change);
          while (full.length > 0) yield full.shift()!;
        }
      }
    }
    if (pending.length > 0) yield pending;
  } finally {
    await next?.catch(() => undefined);
    await release?.().catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a range's file piece by piece, each whole line a change numbered from `from` + 1, and
 * answers the seq of the last change read; it stops before a line holding 0x01 (a quoted
 * record), a line it cannot read, or a last line without its line break.
 */
async function* readLines(
  file: string,
  from: number,
  columns: readonly string[],
  push: (change: StagedChange) => void,
): AsyncGenerator<void, number> {
  const handle = await fs.open(file, 'r');
  let buffer = Buffer.allocUnsafe(PIECE);
  let kept = 0;
  let seq = from;
  try {
    for (;;) {
      if (kept === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, kept);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, null);
      if (bytesRead === 0) return seq;
      const end = kept + bytesRead;
      const quoted = buffer.subarray(0, end).indexOf(1);
      const stop = buffer.lastIndexOf(NEWLINE, quoted >= 0 ? quoted : end - 1);
      // Decoded a slice at a time: texts of up to 64 KB are young objects, which V8 frees as
      // soon as their changes are sent; a megabyte's text is a large object freed much later.
      for (let at = 0; at <= stop;) {
        let cut = at + SLICE > stop ? stop : buffer.lastIndexOf(NEWLINE, at + SLICE - 1);
        if (cut < at) cut = buffer.indexOf(NEWLINE, at);
        const read = parseLines(decoded(buffer.subarray(at, cut + 1)), seq, columns, push);
        if (read < 0) return seq;
        seq = read;
        at = cut + 1;
      }
      if (stop >= 0) yield;
      if (quoted >= 0) return seq;
      kept = end - (stop + 1);
      buffer.copy(buffer, 0, stop + 1, end);
    }
  } finally {
    await handle.close();
  }
}

/**
 * A piece's text. Most are ASCII, whose bytes are their Latin-1 text: a check and a copy cost a
 * tenth of decoding UTF-8 (136 MB of lines: 0.06 against 0.8 CPU s).
 */
const decoded = (bytes: Buffer): string => bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');

/**
 * The changes of whole `op US id_json US record` lines, numbered after `seq`; answers the last
 * seq, or -1 if a line is not one (nothing of it is pushed after the lines before it).
 */
function parseLines(
  text: string,
  seq: number,
  columns: readonly string[],
  push: (change: StagedChange) => void,
): number {
  for (let at = 0; at < text.length;) {
    const a = text.indexOf(US, at);
    const b = a < 0 ? -1 : text.indexOf(US, a + 1);
    const end = b < 0 ? -1 : text.indexOf('\n', b + 1);
    const op = end < 0 ? undefined : opOf(text, at, a);
    if (op === undefined) return -1;
    const id = idFromJson(text.slice(a + 1, b));
    const close = text.charCodeAt(end - 1) === CR ? end - 1 : end;
    push(stagedRow(++seq, op, id, text.slice(b + 1, close), columns, false));
    at = end + 1;
  }
  return seq;
}

/** The op of a line from its length and first letter (no new string per change). */
function opOf(text: string, at: number, us: number): ChangeOp | undefined {
  const op = us - at === 3 ? 'new' : us - at !== 7 ? undefined : UPDATED_OR_DELETED[text[at]!];
  return op !== undefined && text.startsWith(op, at) ? op : undefined;
}
const UPDATED_OR_DELETED: Record<string, ChangeOp> = { u: 'updated', d: 'deleted' };

const US = String.fromCharCode(31);
const NEWLINE = 10;
const CR = 13;
