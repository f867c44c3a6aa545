import type { CoreContext } from '../../coreContext.js';
import { checkModelConfig } from '../../models/checkModel.js';
import { checkModelWithSyncs, recheckSavedModel } from '../../models/savedModelProblems.js';
import { sqlDialect } from '../../warehouse/sqlDialect.js';
import { singleQuery } from '../../warehouse/modelSql.js';
import { EbbError, refuseWhileUsed } from '../../errors.js';
import type { ModelRow } from '../../store/modelsRepo.js';
import type { Handlers } from '../dispatch.js';
import { projectFiles, type ModelFileState } from '../../project/projectFolder.js';
import type { ModelOriginSummary, ModelSummary } from '../../types.js';

type ModelHandlers = Pick<
  Handlers,
  | 'models.list'
  | 'models.add'
  | 'models.update'
  | 'models.remove'
  | 'models.check'
  | 'models.run'
  | 'models.uniqueness'
>;

export function modelHandlers(ctx: CoreContext): ModelHandlers {
  const files = projectFiles(ctx);
  const originSummary = (row: ModelRow, state?: ModelFileState): ModelOriginSummary | null => {
    if (!row.origin) return null;
    if (row.origin.kind === 'dbt') return { kind: 'dbt', uniqueId: row.origin.ref };
    return { kind: 'file', path: row.origin.ref, ...(state ?? { status: 'synced' }) };
  };
  const summary = (row: ModelRow, state?: ModelFileState): ModelSummary => ({
    id: row.id,
    name: row.name,
    warehouseId: row.warehouseId,
    warehouse: ctx.warehouses.find(row.warehouseId)?.name ?? '(deleted)',
    sql: row.sql,
    idColumn: row.idColumn,
    timestampColumn: row.timestampColumn,
    problems: row.problems,
    description: row.description,
    origin: originSummary(row, state),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
  return {
    'models.list': () => {
      // A `git pull` since the last look is taken in here (conflicts are only reported).
      const states = files.refresh();
      return ctx.models.list().map((row) => summary(row, states.get(row.id)));
    },
    'models.add': async (arg) => {
      const warehouse = ctx.warehouses.get(arg.warehouse);
      const row = ctx.models.add({
        name: arg.name,
        warehouseId: warehouse.id,
        sql: arg.sql,
        idColumn: arg.idColumn,
        timestampColumn: arg.timestampColumn ?? null,
        description: arg.description ?? null,
      });
      // Saved even with problems (a draft), but marked: no sync can be created on it or run it.
      await recheckSavedModel(ctx, row);
      changed();
      return summary(ctx.models.get(row.id));
    },
    'models.update': async (arg) => {
      const current = ctx.models.get(arg.model);
      const row = ctx.models.update(current.id, {
        name: arg.name ?? current.name,
        warehouseId: arg.warehouse ? ctx.warehouses.get(arg.warehouse).id : current.warehouseId,
        sql: arg.sql ?? current.sql,
        idColumn: arg.idColumn ?? current.idColumn,
        timestampColumn:
          arg.timestampColumn === undefined ? current.timestampColumn : arg.timestampColumn,
        description: arg.description,
      });
      await recheckSavedModel(ctx, row);
      // Saving a file-backed model writes its file, unless the file changed outside meanwhile.
      const state = files.writeBack(row.id);
      changed();
      return summary(ctx.models.get(row.id), state);
    },
    'models.remove': (arg) => {
      const row = ctx.models.get(arg.model);
      refuseWhileUsed('model', 'sync(s)', ctx.syncs.usingModel(row.id), 'Delete them first.');
      ctx.models.remove(row.id);
      changed();
      return { removed: row.id };
    },
    'models.check': async (arg) => {
      const model = {
        sql: arg.sql,
        idColumn: arg.idColumn,
        timestampColumn: arg.timestampColumn ?? null,
      };
      if (!arg.sql.trim()) {
        return {
          ok: false,
          problems: [{ code: 'NOT_A_QUERY', message: 'Write a SELECT query.' }],
          columns: [],
        };
      }
      const warehouseId = ctx.warehouses.get(arg.warehouse).id;
      const modelId = arg.model === undefined ? undefined : ctx.models.get(arg.model).id;
      return ctx.withWarehouse(arg.warehouse, async (adapter) => {
        const problems = await checkModelWithSyncs(
          ctx,
          adapter,
          { ...model, warehouseId },
          modelId,
        );
        const columns = problems.some(
          (p) => p.code === 'SQL_ERROR' || p.code === 'NOT_A_QUERY' || p.code === 'QUERY_TOO_LONG',
        )
          ? []
          : (await adapter.describeQuery(arg.sql)).map(({ name, type }) => ({ name, type }));
        return { ok: problems.length === 0, problems, columns };
      });
    },
    'models.uniqueness': (arg) =>
      ctx.withWarehouse(arg.warehouse, async (adapter) => {
        // Quoted aliases: Snowflake would name unquoted ones N, D and Z.
        const { ident } = sqlDialect(adapter.dialect);
        const column = ident(arg.column);
        const counted = `select count(*) as ${ident('n')}, count(distinct ${column}) as ${ident('d')}, count(*) - count(${column}) as ${ident('z')} from (\n${singleQuery(arg.sql)}\n) as m`;
        for await (const [row] of adapter.streamRows(counted, 1)) {
          if (row) return { rows: Number(row.n), distinct: Number(row.d), nulls: Number(row.z) };
        }
        return { rows: 0, distinct: 0, nulls: 0 };
      }),
    'models.run': async (arg) => {
      const configProblems = checkModelConfig({ sql: arg.sql, idColumn: arg.idColumn || 'id' });
      if (configProblems.length > 0)
        throw new EbbError('INVALID_ARGUMENT', configProblems[0]!.message);
      return ctx.withWarehouse(arg.warehouse, async (adapter) => {
        const started = performance.now();
        const columns = (await adapter.describeQuery(arg.sql)).map(({ name, type }) => ({
          name,
          type,
        }));
        // One row past the limit says whether there are more ("first 200 rows", or "188 rows").
        const wanted = arg.limit + 1;
        const limited = `select * from (\n${singleQuery(arg.sql)}\n) as ebb_preview limit ${wanted}`;
        const rows: Record<string, unknown>[] = [];
        for await (const chunk of adapter.streamRows(limited, wanted)) {
          rows.push(...chunk);
          if (rows.length >= wanted) break;
        }
        return {
          columns,
          rows: rows.slice(0, arg.limit),
          truncated: rows.length > arg.limit,
          tookMs: Math.round(performance.now() - started),
        };
      });
    },
  };
}
