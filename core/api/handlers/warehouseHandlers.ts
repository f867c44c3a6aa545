import type { WarehouseSummary } from '../../types.js';
import type { CoreContext } from '../../coreContext.js';
import type { WarehouseRow } from '../../store/warehousesRepo.js';
import type { Handlers } from '../dispatch.js';
import { SAMPLE_FILE } from '../../sample/createSampleWarehouse.js';
import path from 'node:path';
import { EbbError } from '../../errors.js';
import { openWarehouse } from '../../warehouse/openWarehouse.js';
import { createDuckDbFileIfMissing } from '../../warehouse/duckdbAdapter.js';
import { warehouseConfig } from '../../warehouse/warehouseConfig.js';

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
  | 'warehouses.add'
  | 'warehouses.remove'
  | 'warehouses.test'
  | 'warehouses.check'
  | 'warehouses.tables'
>;

export function warehouseHandlers(ctx: CoreContext): WarehouseHandlers {
  const summary = (row: WarehouseRow) => toWarehouseSummary(row, ctx.home);
  return {
    'warehouses.list': () => ctx.warehouses.list().map(summary),
    'warehouses.add': async (arg) => {
      const config = warehouseConfig(arg, ctx.home);
      if (ctx.warehouses.find(arg.name)) {
        throw new EbbError(
          'CONFLICT',
          `A warehouse named "${arg.name}" already exists. Choose another name.`,
        );
      }
      // A new DuckDB path starts an empty warehouse, as `duckdb FILE` would; a wrong folder fails here.
      if (config.kind === 'duckdb') await createDuckDbFileIfMissing(config.path);
      const row = ctx.warehouses.add(arg.name, config, arg.stateSchema);
      ctx.emit({ name: 'store.changed', payload: { domain: 'warehouses' } });
      return summary(row);
    },
    'warehouses.remove': (arg) => {
      const row = ctx.warehouses.get(arg.warehouse);
      ctx.warehouses.remove(row.id);
      ctx.emit({ name: 'store.changed', payload: { domain: 'warehouses' } });
      return { removed: row.id };
    },
    'warehouses.test': async (arg) => {
      const started = performance.now();
      await ctx.withWarehouse(arg.warehouse, (adapter) => adapter.test());
      return { ok: true as const, tookMs: Math.round(performance.now() - started) };
    },
    'warehouses.check': async (arg) => {
      const started = performance.now();
      const adapter = openWarehouse(warehouseConfig(arg, ctx.home), ctx);
      try {
        await adapter.test();
      } finally {
        await adapter.close();
      }
      return { ok: true as const, tookMs: Math.round(performance.now() - started) };
    },
    'warehouses.tables': async (arg) => ({
      tables: await ctx.withWarehouse(arg.warehouse, (adapter) => adapter.listTables()),
    }),
  };
}
