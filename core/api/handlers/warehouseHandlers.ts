import type { WarehouseStateMove, WarehouseSummary } from '../../types.js';
import type { CoreContext } from '../../coreContext.js';
import type { WarehouseRow } from '../../store/warehousesRepo.js';
import type { Handlers } from '../dispatch.js';
import { SAMPLE_FILE } from '../../sample/createSampleWarehouse.js';
import path from 'node:path';
import { EbbError } from '../../errors.js';
import { openWarehouse } from '../../warehouse/openWarehouse.js';
import { createDuckDbFileIfMissing } from '../../warehouse/duckdbAdapter.js';
import {
  maskedWarehouseSettings,
  updatedWarehouseConfig,
  warehouseConfigOf,
  warehouseKinds,
} from '../../warehouse/kinds.js';
import { stateMoveReason } from '../../warehouse/stateLocation.js';
import type { WarehouseConfig } from '../../warehouse/types.js';
import { DEFAULT_STATE_SCHEMA } from '../../store/warehousesRepo.js';

export function toWarehouseSummary(row: WarehouseRow, home: string): WarehouseSummary {
  const location = row.location;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    location,
    stateSchema: row.stateSchema,
    isSample: row.kind === 'duckdb' && path.resolve(row.location) === path.join(home, SAMPLE_FILE),
    createdAt: row.createdAt,
  };
}

type WarehouseHandlers = Pick<
  Handlers,
  | 'warehouses.list'
  | 'warehouses.kinds'
  | 'warehouses.add'
  | 'warehouses.settings'
  | 'warehouses.update'
  | 'warehouses.updateImpact'
  | 'warehouses.checkUpdate'
  | 'warehouses.remove'
  | 'warehouses.test'
  | 'warehouses.check'
  | 'warehouses.tables'
>;

/** A kind and its settings, from either shape the API takes (`{kind, path}` or `{kind, settings}`). */
function settingsOfArg(
  arg: { kind: WarehouseConfig['kind'] } & Record<string, unknown>,
): Record<string, unknown> {
  if ('settings' in arg && typeof arg.settings === 'object' && arg.settings !== null) {
    return arg.settings as Record<string, unknown>;
  }
  const { kind: _kind, name: _name, stateSchema: _schema, ...location } = arg;
  return location;
}

interface Edit {
  warehouse: string;
  settings?: Record<string, unknown>;
  stateSchema?: string;
}

export function warehouseHandlers(ctx: CoreContext): WarehouseHandlers {
  const summary = (row: WarehouseRow) => toWarehouseSummary(row, ctx.home);
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'warehouses' } });
  const timed = async (work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    return { ok: true as const, tookMs: Math.round(performance.now() - started) };
  };
  /**
   * What Test connection checks: the connection (host, credentials, database), then that the
   * state schema can be written, whose error names the exact GRANT or CREATE to ask for.
   */
  const testConfig = async (config: WarehouseConfig, stateSchema: string) => {
    const adapter = openWarehouse(config, ctx);
    try {
      await adapter.test();
      await adapter.ensureWritableSchema(stateSchema);
    } finally {
      await adapter.close();
    }
  };
  const syncsOn = (warehouseId: string) => {
    const models = new Set(
      ctx.models
        .list()
        .filter((m) => m.warehouseId === warehouseId)
        .map((m) => m.id),
    );
    return ctx.syncs.list().filter((s) => models.has(s.modelId));
  };
  /** The edited config and state schema, and whether state moves with them. */
  const applyEdit = (edit: Edit) => {
    const row = ctx.warehouses.get(edit.warehouse);
    const config =
      edit.settings && Object.keys(edit.settings).length > 0
        ? updatedWarehouseConfig(row.config, edit.settings, ctx.home)
        : undefined;
    const stateSchema = edit.stateSchema ?? row.stateSchema;
    const reason = stateMoveReason(
      { config: row.config, stateSchema: row.stateSchema },
      { config: config ?? row.config, stateSchema },
    );
    const startsFresh: WarehouseStateMove | null = reason
      ? { reason, syncs: syncsOn(row.id).map((s) => s.name) }
      : null;
    return { row, config, stateSchema, startsFresh };
  };

  return {
    'warehouses.list': () => ctx.warehouses.list().map(summary),
    'warehouses.kinds': () => warehouseKinds(),
    'warehouses.add': async (arg) => {
      const config = warehouseConfigOf(arg.kind, settingsOfArg(arg), ctx.home);
      if (ctx.warehouses.find(arg.name)) {
        throw new EbbError(
          'CONFLICT',
          `A warehouse named "${arg.name}" already exists. Choose another name.`,
        );
      }
      // A new DuckDB path starts an empty warehouse, as `duckdb FILE` would; a wrong folder fails here.
      if (config.kind === 'duckdb') await createDuckDbFileIfMissing(config.path);
      const row = ctx.warehouses.add(arg.name, config, arg.stateSchema);
      changed();
      return summary(row);
    },
    'warehouses.settings': (arg) => {
      const row = ctx.warehouses.get(arg.warehouse);
      return {
        kind: row.kind,
        settings: maskedWarehouseSettings(row.config),
        stateSchema: row.stateSchema,
      };
    },
    'warehouses.update': async (arg) => {
      const { row, config, startsFresh } = applyEdit(arg);
      if (config || arg.stateSchema !== undefined) {
        const running = syncsOn(row.id).filter((s) => ctx.syncEngine.isRunning(s.id));
        if (running.length > 0) {
          throw new EbbError(
            'RUN_IN_PROGRESS',
            `The warehouse is in use by the running sync(s) ${running.map((s) => `"${s.name}"`).join(', ')}: wait for the run to end, or cancel it, before changing its connection.`,
          );
        }
      }
      if (config?.kind === 'duckdb') await createDuckDbFileIfMissing(config.path);
      const updated = ctx.warehouses.update(row.id, {
        name: arg.name,
        config,
        stateSchema: arg.stateSchema,
      });
      // What the config store remembers of runs (acknowledged and in-doubt ranges) describes
      // state where it was: on a fresh start it describes nothing.
      if (startsFresh) for (const sync of syncsOn(row.id)) ctx.acks.clear(sync.id);
      changed();
      return { warehouse: summary(updated), startsFresh };
    },
    'warehouses.updateImpact': (arg) => ({ startsFresh: applyEdit(arg).startsFresh }),
    'warehouses.checkUpdate': (arg) => {
      const { row, config, stateSchema } = applyEdit(arg);
      return timed(() => testConfig(config ?? row.config, stateSchema));
    },
    'warehouses.remove': (arg) => {
      const row = ctx.warehouses.get(arg.warehouse);
      ctx.warehouses.remove(row.id);
      changed();
      return { removed: row.id };
    },
    'warehouses.test': (arg) => {
      const row = ctx.warehouses.get(arg.warehouse);
      return timed(() => testConfig(row.config, row.stateSchema));
    },
    'warehouses.check': (arg) =>
      timed(() =>
        testConfig(
          warehouseConfigOf(arg.kind, settingsOfArg(arg), ctx.home),
          ('stateSchema' in arg && arg.stateSchema) || DEFAULT_STATE_SCHEMA,
        ),
      ),
    'warehouses.tables': async (arg) => ({
      tables: await ctx.withWarehouse(arg.warehouse, (adapter) => adapter.listTables()),
    }),
  };
}
