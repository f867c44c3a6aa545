import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { tableExists } from './diffSql.js';
import { stateTables, type SyncStateRef } from './stateTables.js';

/** Forgets a sync's state: the next plan sees every record as new. */
export async function resetState(adapter: WarehouseAdapter, ref: SyncStateRef): Promise<void> {
  const tables = stateTables(ref, adapter.dialect);
  const [hasState, hasStage, hasMeta] = await Promise.all([
    tableExists(adapter, ref.stateSchema, tables.stateName),
    tableExists(adapter, ref.stateSchema, tables.stageName),
    tableExists(adapter, ref.stateSchema, 'ebb_sync_meta'),
  ]);
  if (hasState) await adapter.execute(`drop table ${tables.state}`);
  if (hasStage) await adapter.execute(`drop table ${tables.stage}`);
  await adapter.execute(`drop table if exists ${tables.ack}`);
  await adapter.execute(`drop table if exists ${tables.runLogNotes}`);
  if (hasMeta) {
    await adapter.execute(
      `delete from ${tables.meta} where state_table = ${sqlDialect(adapter.dialect).literal(tables.stateName)}`,
    );
  }
}
