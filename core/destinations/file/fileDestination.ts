import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EbbError } from '../../errors.js';
import type { FileSettings } from './settings.js';
import { changeJson } from '../changeJson.js';
import { allDelivered, allFailed, errorCode, errorMessage, throwIfAborted } from '../results.js';
import type {
  BatchResult,
  Change,
  CsvLinesTarget,
  Destination,
  RecordPreview,
  RunInfo,
} from '../types.js';
import { Utf8Builder } from '../utf8Builder.js';
import { csvLine } from './csv.js';
import { makeFolder } from './makeFolder.js';

/** Present in CSV so a deleted row, whose model columns are all null, still names its id. */
const SEGMENT_ID = '__segment_id';

/** The CSV columns after `op` of a run whose columns are known: they, then `__segment_id`. */
function headerColumns(columns: readonly { name: string }[]): string[] {
  const names = columns.map((c) => c.name);
  if (!names.includes(SEGMENT_ID)) names.push(SEGMENT_ID);
  return names;
}

const csvRow = (change: Change, columns: readonly string[]) =>
  csvLine([change.op, ...columns.map((c) => change.record[c])]);

/** A name safe as one path segment on every OS. */
export function safeFileStem(text: string): string {
  const stem = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return stem.slice(0, 120) || 'sync';
}

interface OpenRun {
  handle: fs.FileHandle;
  filePath: string;
  /** Bytes acknowledged so far: the file is cut back to this after a failed write. */
  size: number;
  /** CSV columns after `op`, fixed by the first line written. */
  columns: string[] | undefined;
  /** Set when a failed write could not be undone; every later batch fails. */
  broken: string | undefined;
}

/**
 * Writes one file per run in a folder: JSON Lines (`{"op","id","record"}`) or CSV (`op`, then the
 * record's columns). A batch is acknowledged only after its whole lines are written and fsynced,
 * so a crash can leave at most an unacknowledged tail, never a counted half line.
 */
export class FileDestination implements Destination {
  readonly type = 'file';
  readonly batchSize = 5000;
  /** Batches are appended one after another; more would only queue. */
  readonly concurrency = 1;
  private run: OpenRun | undefined;
  /** A JSON Lines batch's bytes (one build at a time: writes are serialised). */
  private readonly lines = new Utf8Builder();
  /** Serialises writes so concurrent send() calls never interleave bytes. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Where a warehouse-written file passes through (appendLinesFile), allocated on first use. */
  private pieceBuffer: Buffer | undefined;
  /** JSON Lines only: see Destination.appendJsonLinesFile. */
  readonly appendJsonLinesFile?: (file: string, lines: number) => Promise<boolean>;

  constructor(
    private readonly config: FileSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (config.format === 'jsonl')
      this.appendJsonLinesFile = (file, lines) => this.appendWritten(file, lines);
  }

  csvLinesTarget(): CsvLinesTarget | undefined {
    const columns = this.config.format === 'csv' ? this.run?.columns : undefined;
    if (!columns) return undefined;
    return {
      columns,
      blank: new Set([SEGMENT_ID]),
      append: (file, lines) => this.appendWritten(file, lines),
    };
  }

  /** A warehouse-written file of lines appended in its turn (appendLinesFile), after open(). */
  private appendWritten(file: string, lines: number): Promise<boolean> {
    if (!this.run) throw new Error('FileDestination: lines appended before open()');
    return this.enqueue(() => this.appendLinesFile(file, lines));
  }

  private get piece(): Buffer {
    this.pieceBuffer ??= Buffer.allocUnsafe(PIECE_BYTES);
    return this.pieceBuffer;
  }

  /** The file of the current run (for logs and the run summary). */
  get currentFile(): string | undefined {
    return this.run?.filePath;
  }

  async testConnection(): Promise<void> {
    const dir = path.resolve(this.config.path);
    let stat;
    try {
      stat = await fs.stat(dir);
    } catch (err) {
      // Its own code, so a form can offer to create the folder (destinations.createFolder).
      const code = errorCode(err) === 'ENOENT' ? 'FOLDER_MISSING' : 'DESTINATION_ERROR';
      throw new EbbError(code, this.explain(err, dir));
    }
    if (!stat.isDirectory()) {
      throw new EbbError('DESTINATION_ERROR', `${dir} is a file, not a folder: choose a folder.`);
    }
    const probe = path.join(dir, `.ebb-write-test-${randomUUID()}`);
    try {
      await fs.writeFile(probe, 'ebb', { flag: 'wx' });
    } catch (err) {
      throw new EbbError('DESTINATION_ERROR', this.explain(err, dir));
    } finally {
      await fs.rm(probe, { force: true });
    }
  }

  async open(run: RunInfo): Promise<void> {
    if (this.run) await this.close();
    const dir = path.resolve(this.config.path);
    // A folder that is not there yet is made on the first run.
    try {
      await makeFolder(dir);
    } catch (err) {
      throw new EbbError('DESTINATION_ERROR', this.explain(err, dir));
    }
    const stem = `${safeFileStem(run.syncName)}-${safeFileStem(run.runId || this.now().toISOString())}`;
    let handle: fs.FileHandle | undefined;
    let filePath = '';
    // A fresh file per open: never append to (or put a second header in) an older run's file.
    for (let n = 1; !handle; n++) {
      filePath = path.join(dir, `${stem}${n > 1 ? `-${n}` : ''}.${this.config.format}`);
      try {
        handle = await fs.open(filePath, 'wx');
      } catch (err) {
        if (errorCode(err) !== 'EEXIST' || n >= 1000) {
          throw new EbbError('DESTINATION_ERROR', this.explain(err, dir));
        }
      }
    }
    this.run = { handle, filePath, size: 0, columns: undefined, broken: undefined };
    await syncDirectory(dir);
    if (this.config.format === 'csv' && run.columns) {
      const columns = headerColumns(run.columns);
      await this.enqueue(() => this.append(csvLine(['op', ...columns]), columns));
    }
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    if (!this.run) throw new Error('FileDestination.send() called before open()');
    throwIfAborted(signal);
    if (batch.length === 0) return { delivered: [], failed: [] };
    return this.enqueue(() => this.write(batch));
  }

  async close(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    if (!run) return;
    await this.queue.catch(() => undefined);
    await run.handle.close();
  }

  /** The line this change adds to the run's file (a CSV file's header line first). */
  previewRecord(change: Change, run: RunInfo): RecordPreview {
    const jsonl = this.config.format === 'jsonl';
    const file = path.join(
      path.resolve(this.config.path),
      `${safeFileStem(run.syncName)}-${safeFileStem(run.runId)}.${this.config.format}`,
    );
    const columns = run.columns ? headerColumns(run.columns) : csvColumns([change]);
    return {
      requests: [
        {
          step: jsonl ? 'Append a JSON line' : 'Append a CSV row (the file starts with its header)',
          method: 'WRITE',
          target: file,
          contentType: jsonl ? 'application/x-ndjson' : 'text/csv',
          body: jsonl
            ? `${changeJson(change)}\n`
            : csvLine(['op', ...columns]) + csvRow(change, columns),
        },
      ],
    };
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(batch: readonly Change[]): Promise<BatchResult> {
    const run = this.run;
    if (!run) throw new Error('FileDestination closed during send()');
    if (run.broken) return allFailed(batch, run.broken);
    if (this.config.format === 'jsonl') {
      // Encoded piece by piece: joining 5000 lines into one text and encoding that cost about
      // 2 µs a record (a first sync's records are slices of large page texts; README.md).
      for (const change of batch) this.lines.append(changeJson(change)).append('\n');
      return this.appendBatch(batch, this.lines.finish(), run.columns);
    }
    const columns = run.columns ?? csvColumns(batch);
    const known = new Set(columns);
    const lines: string[] = run.columns ? [] : [csvLine(['op', ...columns])];
    const failed: BatchResult['failed'] = [];
    const written: Change[] = [];
    for (const change of batch) {
      const extra = Object.keys(change.record).find(
        (k) => !known.has(k) && change.record[k] !== undefined,
      );
      if (extra !== undefined) {
        failed.push({ id: change.id, reason: `column "${extra}" is not in the CSV header` });
        continue;
      }
      lines.push(csvRow(change, columns));
      written.push(change);
    }
    const result = await this.appendBatch(written, lines.join(''), columns);
    return { delivered: result.delivered, failed: [...failed, ...result.failed] };
  }

  private async appendBatch(
    batch: readonly Change[],
    text: string | Buffer,
    columns: string[] | undefined,
  ): Promise<BatchResult> {
    try {
      await this.append(text, columns);
      return allDelivered(batch);
    } catch (err) {
      return allFailed(batch, `could not write ${this.run?.filePath}: ${errorMessage(err)}`);
    }
  }

  /** Writes whole lines at the acknowledged end, fsyncs, then moves the end; undoes on failure. */
  private async append(text: string | Buffer, columns: string[] | undefined): Promise<void> {
    const run = this.run;
    if (!run) throw new Error('FileDestination is closed');
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    await extend(run, (at) => writeAt(run.handle, bytes, bytes.length, at));
    run.columns = columns;
  }

  /**
   * Appends `file`'s bytes when they are exactly `lines` whole lines (one-line JSON texts or CSV
   * rows the warehouse wrote for a range of staged changes: core/diff/exportStaged.ts), read and
   * written a piece at a time; false, with nothing kept, when they are not or writing failed.
   */
  private async appendLinesFile(file: string, lines: number): Promise<boolean> {
    const run = this.run;
    if (!run) throw new Error('FileDestination closed during send()');
    if (run.broken) return false;
    const source = await fs.open(file, 'r').catch(() => undefined);
    if (!source) return false;
    try {
      await extend(run, async (at) => {
        let written = 0;
        let breaks = 0;
        let last = LINE_BREAK;
        for (;;) {
          const { bytesRead } = await source.read(this.piece, 0, this.piece.length, written);
          if (bytesRead === 0) break;
          const piece = this.piece.subarray(0, bytesRead);
          // 0x01 is the writer's quote (a line Node would write otherwise), CR is never in one.
          if (piece.includes(0x01) || piece.includes(0x0d)) throw new UnfitLines();
          for (let p = piece.indexOf(LINE_BREAK); p >= 0; p = piece.indexOf(LINE_BREAK, p + 1))
            breaks++;
          last = piece[bytesRead - 1]!;
          await writeAt(run.handle, piece, bytesRead, at + written);
          written += bytesRead;
        }
        if (breaks !== lines || last !== LINE_BREAK) throw new UnfitLines();
        return written;
      });
      return true;
    } catch {
      return false;
    } finally {
      await source.close();
    }
  }

  private explain(err: unknown, dir: string): string {
    switch (errorCode(err)) {
      case 'ENOENT':
        return `The folder ${dir} does not exist: create it or choose another folder.`;
      case 'ENOTDIR':
        return `${dir} is not a folder: choose a folder.`;
      case 'EACCES':
      case 'EPERM':
        return `Ebb cannot write in ${dir} (permission denied): choose a folder you can write to or change its permissions.`;
      case 'EROFS':
        return `${dir} is on a read-only disk: choose another folder.`;
      case 'ENOSPC':
        return `The disk holding ${dir} is full: free space or choose another folder.`;
      default:
        return `Ebb cannot write in ${dir}: ${errorMessage(err)}`;
    }
  }
}

const LINE_BREAK = 0x0a;
/** Bytes of a warehouse-written file read and written at a time. */
const PIECE_BYTES = 4 << 20;

/** A file of lines that are not exactly the lines expected (appendLinesFile). */
class UnfitLines extends Error {}

/** Writes `length` bytes of `bytes` at `position`, however many calls it takes. */
async function writeAt(
  handle: fs.FileHandle,
  bytes: Buffer,
  length: number,
  position: number,
): Promise<number> {
  let offset = 0;
  while (offset < length) {
    const { bytesWritten } = await handle.write(bytes, offset, length - offset, position + offset);
    offset += bytesWritten;
  }
  return length;
}

/**
 * Writes at the run's acknowledged end through `write` (which answers how many bytes it wrote),
 * fsyncs, then moves the end; on any failure cuts the file back to it, or marks the run broken.
 */
async function extend(run: OpenRun, write: (at: number) => Promise<number>): Promise<void> {
  try {
    const written = await write(run.size);
    await run.handle.datasync();
    run.size += written;
  } catch (err) {
    try {
      await run.handle.truncate(run.size);
    } catch {
      run.broken = `${run.filePath} has a partly written batch that could not be removed`;
    }
    throw err;
  }
}

/** CSV columns from the first batch when the run did not name them. */
function csvColumns(batch: readonly Change[]): string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  const sample = [...batch].sort((a, b) => Number(a.op === 'deleted') - Number(b.op === 'deleted'));
  for (const change of sample) {
    for (const key of Object.keys(change.record)) {
      if (key !== SEGMENT_ID && !seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  columns.push(SEGMENT_ID);
  return columns;
}

/** Makes the new file's directory entry durable, where the OS allows opening a folder. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a folder; the file's own fsync still covers its bytes.
  }
}
