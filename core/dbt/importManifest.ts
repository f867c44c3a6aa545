import fs from 'node:fs';
import { EbbError } from '../errors.js';
import type { CoreContext } from '../coreContext.js';
import { recheckSavedModel } from '../models/savedModelProblems.js';
import { quoteIdent } from '../values/sqlLiteral.js';
import { readManifest, type DbtModel } from './readManifest.js';
import type { DbtImport, DbtImportedModel } from './types.js';

export type { DbtImport, DbtImportedModel };

const selectFrom = (model: DbtModel) =>
  `select * from ${quoteIdent(model.schema)}.${quoteIdent(model.identifier)}`;

/** The id column to propose when dbt names none: `id`, else the first `…_id`, else the first. */
function guessIdColumn(columns: readonly string[]): string {
  return (
    columns.find((c) => c.toLowerCase() === 'id') ??
    columns.find((c) => c.toLowerCase().endsWith('_id')) ??
    columns[0] ??
    'id'
  );
}

/**
 * `ebb dbt import MANIFEST --warehouse W`: every dbt model materialized as a table, view or
 * incremental becomes an Ebb model selecting from its relation, with its description and, as id
 * column, the column of its `unique` test. Re-importing updates the models it made before (found
 * by the dbt node's unique_id) and never touches a model made in the app with the same name.
 */
export async function importManifest(
  ctx: CoreContext,
  file: string,
  warehouseRef: string,
): Promise<DbtImport> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EbbError(
      'NOT_FOUND',
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give the path of dbt's target/manifest.json.`,
    );
  }
  const manifest = readManifest(text, file);
  const warehouse = ctx.warehouses.get(warehouseRef);
  const columnsOf = new Map<string, { columns: string[] } | { problem: string }>();
  await ctx.withWarehouse(warehouse.id, async (adapter) => {
    for (const model of manifest.models) {
      try {
        const columns = await adapter.describeQuery(selectFrom(model));
        columnsOf.set(model.uniqueId, { columns: columns.map((c) => c.name) });
      } catch (error) {
        columnsOf.set(model.uniqueId, { problem: (error as Error).message });
      }
    }
  });

  const skipped = [...manifest.skipped];
  const models: DbtImportedModel[] = [];
  const write = ctx.db.transaction(() => {
    for (const model of manifest.models) {
      const read = columnsOf.get(model.uniqueId);
      const known = read && 'columns' in read ? read.columns : model.columns;
      const idColumn = model.uniqueColumn ?? guessIdColumn(known);
      const fields = {
        name: model.name,
        warehouseId: warehouse.id,
        sql: selectFrom(model),
        idColumn,
        timestampColumn: null,
        description: model.description,
      };
      const mine = ctx.models.byOrigin('dbt', model.uniqueId);
      const sameName = ctx.models.find(model.name);
      let action: DbtImportedModel['action'];
      if (mine) {
        const unchanged =
          mine.sql === fields.sql &&
          mine.warehouseId === fields.warehouseId &&
          mine.description === fields.description &&
          (model.uniqueColumn === null || mine.idColumn === idColumn);
        if (!unchanged) {
          ctx.models.update(mine.id, {
            ...fields,
            name: mine.name,
            // A guessed id column the analyst has since corrected in the app stays corrected.
            idColumn: model.uniqueColumn ?? mine.idColumn,
            timestampColumn: mine.timestampColumn,
          });
        }
        action = unchanged ? 'unchanged' : 'updated';
      } else if (sameName) {
        skipped.push({
          name: model.name,
          reason: `a model named "${model.name}" that did not come from this dbt node already exists; rename it to import this one`,
        });
        continue;
      } else {
        const row = ctx.models.add(fields);
        ctx.models.setOrigin(row.id, {
          kind: 'dbt',
          ref: model.uniqueId,
          fileHash: null,
          syncedHash: null,
        });
        action = 'added';
      }
      models.push({
        name: mine?.name ?? model.name,
        relation: `${model.schema}.${model.identifier}`,
        idColumn: mine && !model.uniqueColumn ? mine.idColumn : idColumn,
        idColumnFrom: model.uniqueColumn ? 'unique test' : 'guess',
        description: model.description,
        action,
        ...(read && 'problem' in read ? { problem: read.problem } : {}),
      });
    }
  });
  write();
  // Marked like a model saved in the editor (a relation dbt has not built yet is a problem).
  for (const model of models)
    if (model.action !== 'unchanged') await recheckSavedModel(ctx, ctx.models.get(model.name));
  if (models.some((m) => m.action !== 'unchanged'))
    ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
  return { project: manifest.project, models, skipped };
}
