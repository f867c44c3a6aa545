import { EbbError } from '../errors.js';
import type { WarehouseAdapter } from './types.js';

/** Runs `work`; a PERMISSION_DENIED it throws becomes one saying `denied` (what to ask for). */
export async function explainDenied<T>(work: () => Promise<T>, denied: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EbbError && error.code === 'PERMISSION_DENIED') {
      throw new EbbError('PERMISSION_DENIED', denied);
    }
    throw error;
  }
}

/**
 * Creating and dropping a table is the one reliable test of write access (grants may come
 * through roles, wildcards or the global level): `table` is made with one `intType` column and
 * dropped; a refusal becomes PERMISSION_DENIED saying `denied`.
 */
export function probeWriteAccess(
  warehouse: Pick<WarehouseAdapter, 'execute'>,
  table: string,
  intType: string,
  denied: string,
): Promise<void> {
  return explainDenied(async () => {
    await warehouse.execute(`create table if not exists ${table} (x ${intType})`);
    await warehouse.execute(`drop table ${table}`);
  }, denied);
}
