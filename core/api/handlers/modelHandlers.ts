import type { CoreContext } from '../../coreContext.js';
import type { ModelRow } from '../../store/modelsRepo.js';
import type { Handlers } from '../dispatch.js';
import type { ModelSummary } from '../types.js';

type ModelHandlers = Pick<Handlers, 'models.list' | 'models.add' | 'models.update'>;

export function modelHandlers(ctx: CoreContext): ModelHandlers {
  const summary = (row: ModelRow): ModelSummary => ({
    id: row.id,
    name: row.name,
    warehouseId: row.warehouseId,
    warehouse: ctx.warehouses.find(row.warehouseId)?.name ?? '(deleted)',
    sql: row.sql,
    idColumn: row.idColumn,
    timestampColumn: row.timestampColumn,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
  return {
    'models.list': () => ctx.models.list().map(summary),
    'models.add': (arg) => {
      const warehouse = ctx.warehouses.get(arg.warehouse);
      const row = ctx.models.add({
        name: arg.name,
        warehouseId: warehouse.id,
        sql: arg.sql,
        idColumn: arg.idColumn,
        timestampColumn: arg.timestampColumn ?? null,
      });
      changed();
      return summary(row);
    },
    'models.update': (arg) => {
      const current = ctx.models.get(arg.model);
      const row = ctx.models.update(current.id, {
        name: arg.name ?? current.name,
        warehouseId: arg.warehouse ? ctx.warehouses.get(arg.warehouse).id : current.warehouseId,
        sql: arg.sql ?? current.sql,
        idColumn: arg.idColumn ?? current.idColumn,
        timestampColumn:
          arg.timestampColumn === undefined ? current.timestampColumn : arg.timestampColumn,
      });
      changed();
      return summary(row);
    },
  };
}
