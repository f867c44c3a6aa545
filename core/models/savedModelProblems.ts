import { EbbError } from '../errors.js';
import type { CoreContext } from '../coreContext.js';
import type { ModelRow } from '../store/modelsRepo.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { checkModel, type ModelConfig, type ModelProblem } from './checkModel.js';
import { idCastProblems } from './idCastMerges.js';

/**
 * Checks a saved model in its warehouse now and records the answer on the model, so the list and
 * the sync form show it. Null when the warehouse could not be asked (it may be down): the model
 * is then neither marked broken nor healthy.
 */
export async function recheckSavedModel(
  ctx: CheckContext,
  model: ModelRow,
): Promise<ModelProblem[] | null> {
  let problems: ModelProblem[] | null;
  try {
    problems = await ctx.withWarehouse(model.warehouseId, (adapter) =>
      checkModelWithSyncs(ctx, adapter, model, model.id),
    );
  } catch {
    problems = null;
  }
  ctx.models.setProblems(model.id, problems);
  return problems;
}

type CheckContext = Pick<CoreContext, 'models' | 'withWarehouse' | 'syncs' | 'warehouses'>;

/**
 * checkModel, plus what only the model's syncs can tell: whether the id's new type would merge
 * ids one of them stored (`modelId` is the saved model the draft replaces, if any).
 */
export async function checkModelWithSyncs(
  ctx: Pick<CoreContext, 'syncs' | 'warehouses'>,
  adapter: WarehouseAdapter,
  draft: ModelConfig & { warehouseId: string },
  modelId: string | undefined,
): Promise<ModelProblem[]> {
  const problems = await checkModel(adapter, draft);
  const syncs = modelId ? ctx.syncs.usingModel(modelId) : [];
  if (problems.length > 0 || syncs.length === 0) return problems;
  const id = (await adapter.describeQuery(draft.sql)).find((c) => c.name === draft.idColumn);
  if (!id) return problems;
  const stateSchema = ctx.warehouses.get(draft.warehouseId).stateSchema;
  return idCastProblems(
    adapter,
    id,
    syncs.map((sync) => ({ name: sync.name, ref: { syncKey: sync.id, stateSchema } })),
  );
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
  ctx: CheckContext,
  modelRef: string,
): Promise<void> {
  const model = ctx.models.get(modelRef);
  const problems = await recheckSavedModel(ctx, model);
  if (problems && problems.length > 0) throw modelHasProblems(model, problems);
}
