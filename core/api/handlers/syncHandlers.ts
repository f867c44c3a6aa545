import type { CoreContext } from '../../coreContext.js';
import { DEFAULT_MAX_RECORDS_PER_SYNC } from '../../models/limits.js';
import { nextRunAt, parseSchedule } from '../../schedule/schedule.js';
import type { SyncRow } from '../../store/syncsRepo.js';
import type { Handlers } from '../dispatch.js';
import type { SyncSummary } from '../types.js';

type SyncHandlers = Pick<
  Handlers,
  | 'syncs.list'
  | 'syncs.add'
  | 'syncs.update'
  | 'syncs.remove'
  | 'syncs.preview'
  | 'syncs.run'
  | 'syncs.cancel'
  | 'syncs.reset'
  | 'runs.list'
  | 'runs.errors'
>;

/** When a scheduled sync runs next, from its last run (or its creation when it never ran). */
export function nextRunOf(row: SyncRow, lastRunStartedAt: string | undefined): string | null {
  if (!row.schedule) return null;
  if (!lastRunStartedAt) {
    // A sync that never ran is due from its creation (the scheduler runs it on its next tick).
    return new Date(
      Math.max(nextRunAt(parseSchedule(row.schedule), null).getTime(), Date.parse(row.createdAt)),
    ).toISOString();
  }
  return nextRunAt(parseSchedule(row.schedule), new Date(lastRunStartedAt)).toISOString();
}

export function syncHandlers(ctx: CoreContext): SyncHandlers {
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'syncs' } });
  const summary = (row: SyncRow): SyncSummary => {
    const lastRun = ctx.runs.latest(row.id) ?? null;
    // One stored schedule that no longer parses is that sync's problem, never the listing's.
    let nextRunAt: string | null = null;
    let scheduleError: string | undefined;
    try {
      nextRunAt = nextRunOf(row, lastRun?.startedAt);
    } catch (error) {
      scheduleError = (error as Error).message;
    }
    return {
      id: row.id,
      name: row.name,
      modelId: row.modelId,
      model: ctx.models.find(row.modelId)?.name ?? '(deleted)',
      destinationId: row.destinationId,
      destination: ctx.destinations.find(row.destinationId)?.name ?? '(deleted)',
      mode: row.mode,
      schedule: row.schedule,
      maxRecords: row.maxRecords,
      mapping: row.mapping,
      running: ctx.syncEngine.isRunning(row.id),
      lastRun,
      nextRunAt,
      ...(scheduleError === undefined ? {} : { scheduleError }),
      createdAt: row.createdAt,
    };
  };
  return {
    'syncs.list': () => ctx.syncs.list().map(summary),
    'syncs.add': async (arg) => {
      if (arg.schedule) parseSchedule(arg.schedule);
      const model = ctx.models.get(arg.model);
      const destination = ctx.destinations.get(arg.destination);
      await ctx.syncEngine.validateMapping(model.id, arg.mapping ?? null);
      const row = ctx.syncs.add({
        name: arg.name,
        modelId: model.id,
        destinationId: destination.id,
        mode: arg.mode,
        schedule: arg.schedule ?? null,
        maxRecords: arg.maxRecords ?? DEFAULT_MAX_RECORDS_PER_SYNC,
        mapping: arg.mapping ?? null,
      });
      changed();
      return summary(row);
    },
    'syncs.update': async (arg) => {
      const current = ctx.syncs.get(arg.sync);
      if (arg.schedule) parseSchedule(arg.schedule);
      const modelId = arg.model ? ctx.models.get(arg.model).id : current.modelId;
      const mapping = arg.mapping === undefined ? current.mapping : arg.mapping;
      if (arg.mapping !== undefined || arg.model)
        await ctx.syncEngine.validateMapping(modelId, mapping);
      const row = ctx.syncs.update(current.id, {
        name: arg.name ?? current.name,
        modelId,
        destinationId: arg.destination
          ? ctx.destinations.get(arg.destination).id
          : current.destinationId,
        mode: arg.mode ?? current.mode,
        schedule: arg.schedule === undefined ? current.schedule : arg.schedule,
        maxRecords: arg.maxRecords ?? current.maxRecords,
        mapping,
      });
      changed();
      return summary(row);
    },
    'syncs.remove': async (arg) => {
      const row = ctx.syncs.get(arg.sync);
      await ctx.syncEngine.forget(row.id);
      ctx.syncs.remove(row.id);
      changed();
      return { removed: row.id };
    },
    'syncs.preview': (arg) => ctx.syncEngine.preview(ctx.syncs.get(arg.sync).id, arg.limit),
    'syncs.run': (arg) => ctx.syncEngine.run(ctx.syncs.get(arg.sync).id, 'manual'),
    'syncs.cancel': (arg) => ({ cancelled: ctx.syncEngine.cancel(ctx.syncs.get(arg.sync).id) }),
    'syncs.reset': async (arg) => {
      const row = ctx.syncs.get(arg.sync);
      await ctx.syncEngine.reset(row.id);
      changed();
      return { reset: row.id };
    },
    'runs.list': (arg) => ctx.runs.list(ctx.syncs.get(arg.sync).id, arg.limit),
    'runs.errors': (arg) => ({ errors: ctx.runs.errors(arg.runId) }),
  };
}
