import { tableExists } from '../diff/diffSql.js';
import {
  ensureMetaTable,
  forgetStateHash,
  keepsStateCount,
  keepsStateHash,
  readMeta,
} from '../diff/state.js';
import { stateTables, type SyncStateRef } from '../diff/stateTables.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { ParkedRecord } from './retryPolicy.js';

/**
 * Undoes the parking of records in the sync's state, so the next plan finds each one as what it
 * really is for the destination: a parked new record loses its state row (sent as new), a parked
 * update loses its fingerprint (sent as updated, or as deleted if the model dropped it since), a
 * parked delete gets its state row back with no fingerprint (sent as deleted, or as updated if
 * the model has it again). Ids are matched by their text, as the run reported them.
 */
export async function unparkRecords(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  records: readonly Pick<ParkedRecord, 'recordId' | 'op'>[],
): Promise<void> {
  if (records.length === 0) return;
  const tables = stateTables(ref, adapter.dialect);
  if (!(await tableExists(adapter, ref.stateSchema, tables.stateName))) return;
  const meta = await readMeta(adapter, ref);
  const idType = meta?.idType ?? 'varchar';
  const { state } = tables;
  const asText = sqlDialect(adapter.dialect).text('id');
  if (keepsStateHash(adapter)) await ensureMetaTable(adapter, tables);
  await adapter.transaction(async () => {
    // DuckDB's kept state hash (the no-op check's) is unknown until the next plan computes it.
    await forgetStateHash(adapter, tables);
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      const ids = (op: ParkedRecord['op']) =>
        chunk
          .filter((r) => r.op === op)
          .map((r) => sqlDialect(adapter.dialect).literal(r.recordId));
      const created = ids('new');
      const updated = ids('updated');
      const deleted = ids('deleted');
      if (created.length)
        await adapter.execute(`delete from ${state} where ${asText} in (${created.join(', ')})`);
      if (updated.length)
        await adapter.execute(
          `update ${state} set fp = null where ${asText} in (${updated.join(', ')})`,
        );
      if (deleted.length) {
        await adapter.execute(`delete from ${state} where ${asText} in (${deleted.join(', ')})`);
        await adapter.execute(
          `insert into ${state} (id, fp, record) values ${deleted.map((id) => `(cast(${id} as ${idType}), null, null)`).join(', ')}`,
        );
      }
    }
    // State's kept row count is now unknown: the next plan counts it again.
    if (keepsStateCount(adapter))
      await adapter.execute(
        `update ${tables.meta} set state_rows = null where state_table = ${sqlDialect(adapter.dialect).literal(tables.stateName)}`,
      );
  });
}
