import { EbbError } from '../api/errors.js';
import type { JsonRecord, JsonValue } from '../values/valueType.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { num, tableExists } from './diffSql.js';
import { readMeta } from './state.js';
import { stateTables, type SyncStateRef } from './stateTables.js';
import type { ChangeOp, StagedChange } from './types.js';

/**
 * The staged changes in delivery order, `batchSize` at a time, paged by `seq` so only one batch
 * is ever in the JS heap. A deleted change's record is `{"__segment_id": id}` plus every model
 * column as null (DESIGN.md).
 */
export async function* readStaged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  batchSize: number,
): AsyncIterable<StagedChange[]> {
  const tables = stateTables(ref);
  if (!(await tableExists(adapter, ref.stateSchema, tables.stageName))) return;
  const meta = await readMeta(adapter, ref);
  const columns = meta?.columns ?? [];
  const size = Math.max(1, Math.floor(batchSize));
  for (let last = 0; ; last += size) {
    const rows = await adapter.query(
      `select seq, op, id_json, cast(fp as text) as fp, record from ${tables.stage}
        where seq > ${last} and seq <= ${last + size} order by seq`,
    );
    if (rows.length === 0) return;
    yield rows.map((row) => {
      const id = JSON.parse(String(row.id_json)) as JsonValue;
      const op = String(row.op) as ChangeOp;
      let record: JsonRecord;
      if (op === 'deleted') {
        record = { __segment_id: id };
        for (const column of columns) record[column] = null;
      } else {
        record = JSON.parse(String(row.record)) as JsonRecord;
      }
      return {
        seq: num(row.seq),
        op,
        id,
        fingerprint: row.fp === null ? null : String(row.fp),
        record,
      };
    });
    if (rows.length < size) return;
  }
}

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

/**
 * Writes state for the changes the destination acknowledged (from the staging table, so the
 * values stored are exactly the ones sent): new/updated are upserted with fingerprint and
 * record, deleted are removed. Changes not passed here stay different from state, so the next
 * diff finds them again. Idempotent: acknowledging twice stores the same thing.
 */
export async function commitAcknowledged(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  changes: Iterable<Pick<StagedChange, 'seq'>>,
): Promise<void> {
  const ranges = seqRanges(
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
  if (ranges.length === 0) return;
  const { stage, state } = stateTables(ref);
  for (let i = 0; i < ranges.length; i += 500) {
    const where = ranges
      .slice(i, i + 500)
      .map(([from, to]) => (from === to ? `seq = ${from}` : `seq between ${from} and ${to}`))
      .join(' or ');
    await adapter.transaction(async () => {
      await adapter.execute(
        `delete from ${state} where id in (select id from ${stage} where ${where})`,
      );
      await adapter.execute(
        `insert into ${state} (id, fp, record)
         select id, fp, record from ${stage} where (${where}) and op <> 'deleted'`,
      );
    });
  }
}
