import type { CoreContext } from '../../coreContext.js';
import { unparkRecords } from '../../ops/unparkRecords.js';
import { EbbError } from '../../errors.js';
import type { Handlers } from '../dispatch.js';

type OpsHandlers = Pick<Handlers, 'syncs.quarantine' | 'syncs.replay'>;

/** Quarantine and replay of records the retry policy parked (CLI.md `quarantine`, `replay`). */
export function opsHandlers(ctx: CoreContext): OpsHandlers {
  return {
    'syncs.quarantine': (arg) => {
      const sync = ctx.syncs.get(arg.sync);
      const { retrySyncs, retryDays } = ctx.syncOps.get(sync.id);
      return {
        sync: sync.name,
        policy: { retrySyncs, retryDays },
        retrying: ctx.retry.retrying(sync.id),
        records: ctx.retry.parked(sync.id),
      };
    },
    'syncs.replay': async (arg) => {
      const sync = ctx.syncs.get(arg.sync);
      if (ctx.syncEngine.isRunning(sync.id)) {
        throw new EbbError('RUN_IN_PROGRESS', `"${sync.name}" is running; replay when it ends.`);
      }
      const parked = ctx.retry.parked(sync.id);
      const wanted = arg.ids ? new Set(arg.ids) : null;
      const chosen = parked.filter(
        (record) =>
          (!wanted || wanted.has(record.recordId)) &&
          (!arg.error || record.lastError.includes(arg.error)),
      );
      const unknown = arg.ids?.filter((id) => !parked.some((r) => r.recordId === id)) ?? [];
      if (unknown.length > 0) {
        throw new EbbError(
          'NOT_FOUND',
          `Not in quarantine for "${sync.name}": ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}. See the parked records with \`ebb quarantine ${sync.name}\`.`,
        );
      }
      if (arg.error !== undefined && chosen.length === 0) {
        throw new EbbError(
          'NOT_FOUND',
          `No record parked for "${sync.name}"${arg.ids ? ' among the ids given' : ''} has an error containing "${arg.error}"; nothing was replayed or run. See the parked records and their errors with \`ebb quarantine ${sync.name}\`.`,
        );
      }
      const model = ctx.models.get(sync.modelId);
      const warehouse = ctx.warehouses.get(model.warehouseId);
      await ctx.withWarehouse(warehouse.id, (adapter) =>
        unparkRecords(adapter, { syncKey: sync.id, stateSchema: warehouse.stateSchema }, chosen),
      );
      ctx.retry.release(
        sync.id,
        chosen.map((record) => record.recordId),
      );
      const run = await ctx.syncEngine.run(sync.id, 'manual');
      return { replayed: chosen.length, run };
    },
  };
}
