import { readMeta } from '../diff/state.js';
import { stateTables, type SyncStateRef } from '../diff/stateTables.js';
import { quoteLiteral } from '../values/sqlLiteral.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { SqlRow, WarehouseAdapter } from '../warehouse/types.js';
import type { ModelProblem } from './checkModel.js';

/** A sync of the model being checked, and where its state lives. */
export interface SyncOfModel {
  name: string;
  ref: SyncStateRef;
}

/**
 * When the model's id column changes type, each sync's state is converted with a cast on its
 * next run (core/diff/state.ts). A cast can merge distinct ids (VARCHAR '000' and '0' both become
 * BIGINT 0): the destination then holds a record for each, state remembers one, and the other is
 * never updated or deleted again. Found here, at check time, by casting the stored ids in the
 * warehouse: one grouped scan of each affected sync's state, and only when the type changed.
 * A cast that fails outright is left to the run, which refuses it with its own message.
 */
export async function idCastProblems(
  adapter: WarehouseAdapter,
  id: { name: string; type: string },
  syncs: readonly SyncOfModel[],
): Promise<ModelProblem[]> {
  const problems: ModelProblem[] = [];
  const { text } = sqlDialect(adapter.dialect);
  for (const sync of syncs) {
    const meta = await readMeta(adapter, sync.ref).catch(() => undefined);
    if (!meta || meta.idType === id.type) continue;
    const state = stateTables(sync.ref, adapter.dialect).state;
    const cast = `cast(id as ${id.type})`;
    const merged = `select ${text(cast)} as becomes, min(${text('id')}) as a, max(${text('id')}) as b
                      from ${state} group by ${cast} having count(*) > 1`;
    let groups: number;
    let example: SqlRow | undefined;
    try {
      const [counted] = await adapter.query(`select count(*) as n from (${merged}) as m`);
      groups = Number(counted?.n ?? 0);
      if (groups === 0) continue;
      [example] = await adapter.query(`${merged} order by 1 limit 1`);
    } catch {
      continue;
    }
    const show = (value: unknown) => quoteLiteral(String(value));
    problems.push({
      code: 'ID_CAST_MERGES_IDS',
      message:
        `The id column "${id.name}" is now ${id.type}; sync "${sync.name}" stored its ids as ` +
        `${meta.idType}, and ${groups} group${groups === 1 ? '' : 's'} of them become one id when cast ` +
        `(e.g. ${show(example?.a)} and ${show(example?.b)} both become ${String(example?.becomes)}): ` +
        'the destination would keep a record no run updates or deletes again. Keep the id ' +
        `${meta.idType} in the model, or reset the sync (ebb sync reset ${JSON.stringify(sync.name)}) ` +
        'so it starts fresh and sends every record as new.',
      actual: groups,
    });
  }
  return problems;
}
