import { EbbError } from '../errors.js';
import type { JsonRecord, JsonValue } from '../values/valueType.js';
import type { SqlRow, WarehouseAdapter } from '../warehouse/types.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import { num, tableExists } from './diffSql.js';
import { stagedIdJsonRead } from './stagedIdJson.js';
import {
  ensureMetaTable,
  forgetStateHash,
  keepsStateCount,
  keepsStateHash,
  keepStateHash,
  keptStateHash,
  readMeta,
  stateHashOf,
  stateHashSql,
} from './state.js';
import { isCommittedStage, stageBecomesState } from './stageIntoState.js';
import { stateTables, type SyncStateRef } from './stateTables.js';
import type { ChangeOp, StagedChange } from './types.js';

/**
 * The staged changes in delivery order, `batchSize` at a time, paged by `seq` so only one batch
 * is ever in the JS heap. A deleted change's record is `{"__segment_id": id}` plus every model
 * column as null (DESIGN.md).
 *
 * Records arrive as the JSON text the warehouse rendered (and state stores) and are parsed only
 * if something reads `record`: a destination that writes JSON passes `recordJson` through, so a
 * first sync of millions is not parsed and stringified again in Node (README.md, profile).
 */
export async function* readStaged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  batchSize: number,
  /** The changes up to this seq are left out (already delivered another way). */
  afterSeq = 0,
  /** The changes after this seq are left out (read another way: stagedLines.ts). */
  untilSeq = Infinity,
): AsyncIterable<StagedChange[]> {
  const tables = stateTables(ref, adapter.dialect);
  if (!(await tableExists(adapter, ref.stateSchema, tables.stageName))) return;
  if (await isCommittedStage(adapter, tables)) return;
  const meta = await readMeta(adapter, ref);
  const columns = meta?.columns ?? [];
  const size = Math.max(1, Math.floor(batchSize));
  // One query per page of several batches (a query costs milliseconds, a batch should not), and
  // each group of rows arrives as one text: converting one value per row and column out of the
  // warehouse costs more than splitting the text. Fields are separated by US (0x1f) and rows by
  // RS (0x1e), which JSON text cannot contain (control characters in strings are escaped).
  const page = size * Math.max(1, Math.floor(PAGE_ROWS / size));
  const { text, stringAgg, literal } = sqlDialect(adapter.dialect);
  const us = literal(US);
  // Not the fingerprint: nothing in Node reads it (state takes it from staging in SQL), and
  // writing it as text was a quarter of a page's CPU (README.md).
  const change = `${text('seq')} || ${us} || op || ${us} || ${stagedIdJsonRead(adapter)} || ${us}
    || coalesce(${text('record')}, '')`;
  const groupRows =
    adapter.dialect === 'mysql' || adapter.dialect === 'snowflake' ? SMALL_GROUP_ROWS : GROUP_ROWS;
  // DuckDB concatenates a group in any order (an ordered string_agg cost 1.6× the unordered
  // one: README.md, profile); its changes are put back in seq order here.
  const ordered = adapter.dialect !== 'duckdb';
  const aggregate = ordered
    ? stringAgg(change, literal(RS), 'seq')
    : `string_agg(${change}, ${literal(RS)})`;
  let pending: StagedChange[] = [];
  const fetchPage = (last: number) => {
    const read = adapter.query(
      `select ${aggregate} as changes, count(*) as n
         from ${tables.stage}
        where seq > ${last} and seq <= ${Math.min(last + page, untilSeq)}
        group by floor((seq - 1) / ${groupRows}.0)
        order by min(seq)`,
    );
    // Read ahead while the caller sends: should it fail meanwhile (the warehouse restarting),
    // the error waits for the await below, not an unhandled rejection that ends the process.
    read.catch(() => undefined);
    return read;
  };
  // The next page is read by the warehouse while this one is parsed and sent.
  let next: Promise<SqlRow[]> | undefined = fetchPage(afterSeq);
  try {
    for (let last = afterSeq; next; last += page) {
      const groups: SqlRow[] = await next;
      const rows: number = groups.reduce((sum: number, group) => sum + num(group.n), 0);
      next = rows < page || last + page >= untilSeq ? undefined : fetchPage(last + page);
      for (const group of groups) {
        const text = String(group.changes);
        // One look at the whole group: a record with a line break (a JSON column's, between
        // tokens) is rare, and looking at each record cost more than this (README.md, profile).
        const breaks = text.includes('\n') || text.includes('\r');
        const changes = text.split(RS).map((line) => stagedChange(line, columns, breaks));
        if (!ordered) inSeqOrder(changes);
        for (const change of changes) {
          pending.push(change);
          if (pending.length === size) {
            yield pending;
            pending = [];
          }
        }
      }
    }
  } finally {
    // A reader that stops early must not leave a query running on the connection.
    await next?.catch(() => undefined);
  }
  if (pending.length > 0) yield pending;
}

/**
 * A record's JSON text as destinations receive it: on one line (a JSON column may hold line
 * breaks between tokens), `{}` for a record without columns; otherwise exactly as rendered.
 */
export function oneLineJson(recordJson: string): string {
  if (recordJson === '') return '{}';
  return /[\n\r]/.test(recordJson) ? JSON.stringify(JSON.parse(recordJson)) : recordJson;
}

/** What a deleted change carries: its id as `__segment_id`, every model column null (DESIGN.md). */
export function deletedRecord(id: JsonValue, columns: readonly string[]): JsonRecord {
  const record: JsonRecord = { __segment_id: id };
  for (const column of columns) record[column] = null;
  return record;
}

/** Sorts a group's changes by seq, unless they already are (then it costs one look at each). */
function inSeqOrder(changes: StagedChange[]): void {
  for (let i = 1; i < changes.length; i++) {
    if (changes[i - 1]!.seq > changes[i]!.seq) {
      changes.sort((a, b) => a.seq - b.seq);
      return;
    }
  }
}

/** A short run of digits is a safe integer: Number() reads it for a fraction of JSON.parse. */
const SMALL_INTEGER = /^-?\d{1,15}$/;

/**
 * An id from the JSON text the warehouse rendered for it. A string without escapes is its text
 * between the quotes: JSON.parse made a new string of each of a million text ids (~0.7 µs each,
 * most of the Node side of a webhook first sync's delivery; README.md).
 */
export const idFromJson = (json: string): JsonValue => {
  if (json.charCodeAt(0) === QUOTE && !json.includes('\\')) return json.slice(1, -1);
  return SMALL_INTEGER.test(json) ? Number(json) : (JSON.parse(json) as JsonValue);
};
const QUOTE = 34;

const RS = String.fromCharCode(30);
const US = String.fromCharCode(31);

/**
 * One change from its `seq US op US id_json US record` text. `breaks`: whether the text holding
 * it has a line break anywhere (else no record needs to be put on one line).
 */
function stagedChange(line: string, columns: readonly string[], breaks: boolean): StagedChange {
  const a = line.indexOf(US);
  const b = line.indexOf(US, a + 1);
  const c = line.indexOf(US, b + 1);
  const op = line.slice(a + 1, b) as ChangeOp;
  const id = idFromJson(line.slice(b + 1, c));
  return stagedRow(Number(line.slice(0, a)), op, id, line.slice(c + 1), columns, breaks);
}

/**
 * A change as delivered from what staging holds: a deleted change's record built in Node, a
 * record put on one line if `breaks` (it may hold a line break), `{}` for an empty one.
 */
export function stagedRow(
  seq: number,
  op: ChangeOp,
  id: JsonValue,
  recordJson: string,
  columns: readonly string[],
  breaks: boolean,
): StagedChange {
  if (op === 'deleted') {
    recordJson = JSON.stringify(deletedRecord(id, columns));
  } else if (breaks || recordJson === '') {
    recordJson = oneLineJson(recordJson);
  }
  return new StagedRow(seq, op, id, recordJson);
}

/** A staged change whose record is parsed from its JSON text on first read. */
class StagedRow implements StagedChange {
  private parsed: JsonRecord | undefined;
  constructor(
    readonly seq: number,
    readonly op: ChangeOp,
    readonly id: JsonValue,
    readonly recordJson: string,
  ) {}

  get record(): JsonRecord {
    this.parsed ??= JSON.parse(this.recordJson) as JsonRecord;
    return this.parsed;
  }
}

/**
 * Rows read per query by readStaged (whole batches; at least one batch). Pages of 50,000 cost
 * no less CPU in a whole first sync and held 200 MB more (README.md, profile).
 */
const PAGE_ROWS = 10_000;
/** Rows per JSON text: records may be up to 512 KiB each, so a group stays well under 100 MB. */
const GROUP_ROWS = 100;
/**
 * Where a text is bounded: MySQL answers in packets of at most max_allowed_packet (16 MB by
 * default), Snowflake's VARCHAR holds 16 MB. 20 records of 512 KiB fit either.
 * https://docs.snowflake.com/en/sql-reference/data-types-text#varchar
 */
const SMALL_GROUP_ROWS = 20;

/**
 * Collapses sequence numbers into sorted, disjoint [from, to] runs. Memory follows the number of
 * runs, not of changes: acknowledging a whole run of millions costs one range.
 */
export function seqRanges(seqs: Iterable<number>): [number, number][] {
  const runs: [number, number][] = [];
  for (const seq of seqs) {
    const last = runs[runs.length - 1];
    if (last && seq >= last[0] && seq <= last[1] + 1) last[1] = Math.max(last[1], seq);
    else runs.push([seq, seq]);
  }
  runs.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && run[0] <= last[1] + 1) last[1] = Math.max(last[1], run[1]);
    else merged.push([run[0], run[1]]);
  }
  return merged;
}

function acknowledgedRanges(changes: Iterable<Pick<StagedChange, 'seq'>>): [number, number][] {
  return seqRanges(
    (function* () {
      for (const change of changes) {
        if (!Number.isInteger(change.seq)) {
          throw new EbbError(
            'INVALID_ARGUMENT',
            'Acknowledged changes must carry their staged seq.',
          );
        }
        yield change.seq;
      }
    })(),
  );
}

/** Creates the plan's empty acknowledgement log (planDiff calls it after staging). */
export async function startAcknowledgementLog(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
): Promise<void> {
  const { ack } = stateTables(ref, adapter.dialect);
  await adapter.execute(`drop table if exists ${ack}`);
  const { bigint } = sqlDialect(adapter.dialect);
  await adapter.execute(`create table ${ack} (lo ${bigint} not null, hi ${bigint} not null)`);
}

/**
 * Durably notes which staged changes the destination acknowledged: one small insert of seq
 * ranges per batch, cheap enough to do after every batch. applyAcknowledged() copies them into
 * state; if Ebb dies first, the next planDiff applies them before diffing, so an acknowledged
 * change is never sent again.
 */
export async function recordAcknowledged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  changes: Iterable<Pick<StagedChange, 'seq'>>,
): Promise<void> {
  await recordAcknowledgedRanges(adapter, ref, acknowledgedRanges(changes));
}

/** recordAcknowledged for seq ranges already collapsed (by seqRanges). */
export async function recordAcknowledgedRanges(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  ranges: readonly [number, number][],
): Promise<void> {
  if (ranges.length === 0) return;
  const { ack, ackName } = stateTables(ref, adapter.dialect);
  if (!(await tableExists(adapter, ref.stateSchema, ackName)))
    await startAcknowledgementLog(adapter, ref);
  for (let i = 0; i < ranges.length; i += 1000) {
    const values = ranges
      .slice(i, i + 1000)
      .map(([from, to]) => `(${Math.trunc(from)}, ${Math.trunc(to)})`)
      .join(', ');
    await adapter.execute(`insert into ${ack} (lo, hi) values ${values}`);
  }
}

/**
 * Copies the acknowledged changes from staging into state, set-based (values stored are exactly
 * the ones sent): new/updated are upserted with fingerprint and record, deleted are removed.
 * Changes never acknowledged stay different from state, so the next diff finds them again.
 * Idempotent. `keepStagedIds` false: nothing will join a run log with staging (stageBecomesState).
 */
export async function applyAcknowledged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  keepStagedIds = true,
): Promise<void> {
  const tables = stateTables(ref, adapter.dialect);
  const { stage, state, ack, meta, stageName, ackName, stateName } = tables;
  const [hasAck, hasStage, hasState] = await Promise.all([
    tableExists(adapter, ref.stateSchema, ackName),
    tableExists(adapter, ref.stateSchema, stageName),
    tableExists(adapter, ref.stateSchema, stateName),
  ]);
  if (!hasAck) return;
  const { allRows } = sqlDialect(adapter.dialect);
  if (!hasStage || !hasState || (await isCommittedStage(adapter, tables))) {
    await adapter.execute(`delete from ${ack} ${allRows}`);
    return;
  }
  const logged = await adapter.query(`select lo, hi from ${ack}`);
  if (logged.length === 0) return;
  // The log's ranges merged into disjoint runs, then a plain filter on seq: each acknowledged
  // change comes out once and in seq (= id) order, with no join or distinct over the records
  // (which runs DuckDB out of memory on a first sync of millions).
  const ranges = mergeRanges(logged.map((row) => [num(row.lo), num(row.hi)] as [number, number]));
  if (await stageBecomesState(adapter, tables, ranges, keepStagedIds)) return;
  const keepCount = keepsStateCount(adapter);
  const keepHash = keepsStateHash(adapter);
  if (keepCount || keepHash) await ensureMetaTable(adapter, tables);
  await adapter.transaction(async () => {
    // DuckDB's kept state hash moves by the rows of the acknowledged ids: state's rows of those
    // ids out (read before they are deleted), the staged rows inserted in (the only rows of
    // those ids after). Forgotten when unknown, when the ranges take more than one statement
    // (rare: more than 500 runs of seqs), or when staging's id or fp is not of state's type
    // (its hash would not be the one state's rows give).
    const kept =
      keepHash && ranges.length <= 500 && (await sameIdTypes(adapter, tables))
        ? await keptStateHash(adapter, tables)
        : undefined;
    const acknowledged = seqWhere(ranges.slice(0, 500));
    const hashOf = async (rows: string) =>
      stateHashOf((await adapter.query(stateHashSql(rows)))[0]);
    const before = kept
      ? await hashOf(
          `(select id, fp from ${state} where id in (select id from ${stage} where ${acknowledged}))`,
        )
      : undefined;
    const after = kept
      ? await hashOf(`(select id, fp from ${stage} where (${acknowledged}) and op <> 'deleted')`)
      : undefined;
    for (let i = 0; i < ranges.length; i += 500) {
      const where = seqWhere(ranges.slice(i, i + 500));
      if (keepCount) {
        // State's row count moves with state, in the same transaction (null stays unknown).
        await adapter.execute(
          `update ${meta}
              set state_rows = state_rows
                - (select count(*) from ${state} where id in (select id from ${stage} where ${where}))
                + (select count(*) from ${stage} where (${where}) and op <> 'deleted')
            where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
        );
      }
      await adapter.execute(
        adapter.dialect === 'mysql'
          ? // MariaDB runs `id in (subquery)` of a DELETE once per state row: join instead.
            `delete s from ${state} as s join ${stage} as g on g.id = s.id where ${where}`
          : `delete from ${state} where id in (select id from ${stage} where ${where})`,
      );
      await adapter.execute(
        `insert into ${state} (id, fp, record)
         select id, fp, record from ${stage} where (${where}) and op <> 'deleted'`,
      );
    }
    if (keepHash) {
      await keepStateHash(
        adapter,
        tables,
        kept && before && after
          ? {
              rows: kept.rows - before.rows + after.rows,
              fps: kept.fps - before.fps + after.fps,
              sum: kept.sum - before.sum + after.sum,
            }
          : undefined,
      );
    }
    await adapter.execute(`delete from ${ack} ${allRows}`);
  });
}

/** Whether staging's id and fp have state's types (DuckDB's kept state hash, above). */
async function sameIdTypes(
  adapter: WarehouseAdapter,
  tables: ReturnType<typeof stateTables>,
): Promise<boolean> {
  const { literal } = sqlDialect(adapter.dialect);
  const types = await adapter.query(
    `select table_name as tbl, column_name as col, data_type as type from information_schema.columns
      where table_schema = ${literal(tables.schemaName)}
        and table_name in (${literal(tables.stateName)}, ${literal(tables.stageName)})
        and column_name in ('id', 'fp')`,
  );
  const typeOf = (table: string, column: string) =>
    types.find((row) => row.tbl === table && row.col === column)?.type;
  return ['id', 'fp'].every(
    (column) =>
      typeOf(tables.stateName, column) !== undefined &&
      typeOf(tables.stateName, column) === typeOf(tables.stageName, column),
  );
}

/**
 * Marks the staged changes in the given seq ranges as in doubt: sent, never answered, so the
 * destination may or may not hold them. Their ids keep a state row with no fingerprint and no
 * record (one is inserted for an id state did not have), which the next diff always finds
 * changed: resent with its current value if it is in the model, sent as deleted if it is not.
 * The record goes too: a re-baseline (ensureState) or a preview by record compares it with the
 * model, and the last value acknowledged is not what the destination may hold now. Must run before the
 * acknowledgements of the same plan are applied (they then overwrite the rows they confirm) and
 * before the next plan replaces staging. Idempotent.
 */
export async function markInDoubt(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  ranges: readonly [number, number][],
): Promise<void> {
  if (ranges.length === 0) return;
  const tables = stateTables(ref, adapter.dialect);
  const { stage, state, meta, stageName, stateName } = tables;
  const [hasStage, hasState] = await Promise.all([
    tableExists(adapter, ref.stateSchema, stageName),
    tableExists(adapter, ref.stateSchema, stateName),
  ]);
  if (!hasStage || !hasState) return;
  const keepCount = keepsStateCount(adapter);
  const keepHash = keepsStateHash(adapter);
  if (keepCount || keepHash) await ensureMetaTable(adapter, tables);
  const merged = mergeRanges(ranges.map(([from, to]) => [from, to] as [number, number]));
  await adapter.transaction(async () => {
    // Rows in doubt lose their fingerprint: DuckDB's kept state hash is unknown until the next
    // plan computes it.
    await forgetStateHash(adapter, tables);
    for (let i = 0; i < merged.length; i += 500) {
      const where = seqWhere(merged.slice(i, i + 500));
      const missing = `select id from ${stage} where (${where})
                         and id not in (select id from ${state})`;
      if (keepCount) {
        await adapter.execute(
          `update ${meta} set state_rows = state_rows + (select count(*) from (${missing}) as m)
            where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
        );
      }
      await adapter.execute(
        adapter.dialect === 'mysql'
          ? `update ${state} as s join ${stage} as g on g.id = s.id set s.fp = null, s.record = null where ${where}`
          : `update ${state} set fp = null, record = null where id in (select id from ${stage} where ${where})`,
      );
      await adapter.execute(
        `insert into ${state} (id, fp, record) select id, null, null from (${missing}) as m`,
      );
    }
  });
}

/** A filter on `seq` matching the given ranges (applyAcknowledged and markInDoubt share it). */
function seqWhere(ranges: readonly [number, number][]): string {
  return ranges
    .map(([from, to]) => (from === to ? `seq = ${from}` : `seq between ${from} and ${to}`))
    .join(' or ');
}

/** Sorted, disjoint [from, to] runs covering the given (possibly overlapping) ranges. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** recordAcknowledged then applyAcknowledged: state is written at once. */
export async function commitAcknowledged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  changes: Iterable<Pick<StagedChange, 'seq'>>,
): Promise<void> {
  await recordAcknowledged(adapter, ref, changes);
  await applyAcknowledged(adapter, ref);
}
