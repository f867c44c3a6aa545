import { EbbError } from '../api/errors.js';
import type { CoreContext } from '../coreContext.js';
import type { ModelRow } from '../store/modelsRepo.js';
import { checkModel, type ModelProblem } from './checkModel.js';

/**
 * Checks a saved model in its warehouse now and records the answer on the model, so the list and
 * the sync form show it. Null when the warehouse could not be asked (it may be down): the model
 * is then neither marked broken nor healthy.
 */
export async function recheckSavedModel(
  ctx: Pick<CoreContext, 'models' | 'withWarehouse'>,
  model: ModelRow,
): Promise<ModelProblem[] | null> {
  let problems: ModelProblem[] | null;
  try {
    problems = await ctx.withWarehouse(model.warehouseId, (adapter) =>
      checkModel(adapter, {
        sql: model.sql,
        idColumn: model.idColumn,
        timestampColumn: model.timestampColumn,
      }),
    );
  } catch {
    problems = null;
  }
  ctx.models.setProblems(model.id, problems);
  return problems;
}

/** The refusal when a sync would be created on, or run, a model with problems. */
export function modelHasProblems(model: ModelRow, problems: ModelProblem[]): EbbError {
  return new EbbError(
    'MODEL_HAS_PROBLEMS',
    `The model "${model.name}" has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix ${problems.length === 1 ? 'it' : 'them'} in the model editor and save it first:\n` +
      problems.map((p) => `- ${p.code}: ${p.message}`).join('\n'),
  );
}

/** Refuses (with the problem list) a model that does not check clean in its warehouse now. */
export async function requireModelWithoutProblems(
  ctx: Pick<CoreContext, 'models' | 'withWarehouse'>,
  modelRef: string,
): Promise<void> {
  const model = ctx.models.get(modelRef);
  const problems = await recheckSavedModel(ctx, model);
  if (problems && problems.length > 0) throw modelHasProblems(model, problems);
}
