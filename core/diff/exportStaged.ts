import fs from 'node:fs/promises';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { quoteLiteral } from '../values/sqlLiteral.js';
import { num } from './diffSql.js';
import { stagedCsvLinesSql } from './stagedCsvLine.js';
import { stagedIdJsonRead } from './stagedIdJson.js';
import { stateTables, type SyncStateRef } from './stateTables.js';

/**
 * Staged changes written by the warehouse itself as the lines a JSON Lines destination writes
 * (`{"op","id","record"}`, changeJson.ts): a first sync of millions to a file then never passes
 * its records through Node (README.md, "Session 8"). DuckDB only (it writes files where Ebb runs).
 *
 * A line the warehouse cannot write exactly as changeJson() would comes out as the byte 0x01,
 * which no JSON text holds and which makes the writer quote it (0x01 is the quote character),
 * so the reader of the file (appendJsonLinesFile) sees it and sends that range change by change:
 * a deleted change (its record is built in Node), an empty record, an id that is not a short
 * integer or a string without escapes (Node reads those differently: staged.ts, idFromJson), and
 * a record with a line break (CSV quotes it).
 */
export const canExportStaged = (adapter: WarehouseAdapter) => adapter.dialect === 'duckdb';

/** The id's text in a line (a JSON string), or null where Node would write it differently. */
const ID_TEXT = `case when regexp_full_match(id_json, '-?[0-9]{1,15}') and id_json <> '-0'
         then concat('"', id_json, '"')
       when starts_with(id_json, '"') and not contains(id_json, '\\') then id_json
  end`;

/**
 * `{"op":…,"id":…,"record":…}` in SQL over `op, id_text, record`, or chr(1) where Node would
 * write it differently. One concat: a chain of `||` copies the growing line at every link.
 */
const LINE = `case when op in ('new', 'updated') and id_text is not null and record <> ''
    then concat('{"op":"', op, '","id":', id_text, ',"record":', record, '}')
    else chr(1) end`;

/**
 * Whether staging holds seq 1…`staged`, stored in seq order, so a plain scan (which keeps the
 * stored order) yields them in delivery order without a sort. Both plan paths write it so.
 * `lag() over ()` reads the table in its stored order (firstSync.ts, idOrder).
 */
export async function stagedInSeqOrder(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  staged: number,
): Promise<boolean> {
  const tables = stateTables(ref, adapter.dialect);
  const [row] = await adapter.query(
    `select count(*) as n, min(seq) as first, max(seq) as last,
            count(*) filter (where seq <= prev) as back
       from (select seq, lag(seq) over () as prev from ${tables.stage})`,
  );
  return (
    num(row?.n) === staged &&
    num(row?.first) === 1 &&
    num(row?.last) === staged &&
    num(row?.back) === 0
  );
}

/** How exportStaged writes each staged change as a line of its file. */
export type StagedLineFormat =
  /**
   * The changeJson text a JSON Lines destination writes (no header, no quoting: nothing in a
   * line needs it).
   */
  | 'json'
  /**
   * `op US id_json US record` (an empty record written as nothing). Only a record with a line
   * break needs quoting in CSV: it comes out between 0x01 bytes, which no JSON text holds, and
   * its reader (stagedLines.ts) reads that range with page queries.
   */
  | 'changes'
  /**
   * The CSV row the file destination writes under `columns` (stagedCsvLine.ts); `blank` columns
   * stay empty (its `__segment_id`).
   */
  | { csv: { columns: readonly string[]; blank: ReadonlySet<string> } };

/**
 * Writes the staged changes with `from < seq <= to` to `file`, one line each in `format`, in seq
 * order, and answers the range as written. JSON and CSV lines are written on a connection aside
 * where the adapter has one (queryAside).
 */
export async function exportStaged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  range: { from: number; to: number },
  file: string,
  format: StagedLineFormat,
): Promise<WrittenRange> {
  const inRange = `from ${stateTables(ref, adapter.dialect).stage}
                   where seq > ${range.from} and seq <= ${range.to}`;
  if (format === 'changes') {
    const rows = `select op, ${stagedIdJsonRead(adapter)}, nullif(record::varchar, '') ${inRange}`;
    return copiedLines(adapter.query.bind(adapter), rows, range, file);
  }
  const rows =
    format === 'json'
      ? `select ${LINE}
    from (select op, ${ID_TEXT} as id_text, record
            from (select op, ${stagedIdJsonRead(adapter)} as id_json, record ${inRange}))`
      : stagedCsvLinesSql(format.csv.columns, format.csv.blank, `select op, record ${inRange}`);
  return copiedLines((adapter.queryAside ?? adapter.query).bind(adapter), rows, range, file);
}

/** How much the warehouse writes per file: bounds what is on disk and in flight at once. */
export interface RangeLimits {
  /** The first range (or ranges), before the size of a line is known. */
  firstRows: number;
  maxRows: number;
  maxBytes: number;
}

/** DuckDB's row group: staging's seq is its row number + 1, so ranges of it line up. */
export const ROW_GROUP = 122_880;

/**
 * The rows of the ranges after `written`: `maxBytes` of lines at its bytes per line, at most
 * `maxRows`, at least one.
 */
export function rowsPerRange(written: WrittenRange, limits: RangeLimits): number {
  const perLine = Math.max(1, written.bytes / Math.max(1, written.lines));
  return Math.max(1, Math.min(limits.maxRows, Math.floor(limits.maxBytes / perLine)));
}

/** A range of staged changes written to a file by the warehouse, as its readers see it. */
export interface WrittenRange {
  from: number;
  to: number;
  file: string;
  lines: number;
  bytes: number;
}

/**
 * `rows` (one text per row, or fields joined by US) written to `file` as plain lines: CSV with
 * 0x01 as quote and escape, which no JSON text holds. Answers the range with how many lines and
 * bytes were written.
 */
async function copiedLines(
  query: WarehouseAdapter['query'],
  rows: string,
  range: { from: number; to: number },
  file: string,
): Promise<WrittenRange> {
  const [row] = await query(
    `copy (${rows}) to ${quoteLiteral(file)}
       (format csv, header false, quote '\x01', escape '\x01', delimiter '\x1f')`,
  );
  const { size } = await fs.stat(file);
  return { ...range, file, lines: num(row?.Count), bytes: size };
}
