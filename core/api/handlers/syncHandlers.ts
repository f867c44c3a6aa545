import type { CoreContext } from '../../coreContext.js';
import { DEFAULT_MAX_RECORDS_PER_SYNC } from '../../models/limits.js';
import { requireModelWithoutProblems } from '../../models/savedModelProblems.js';
import { nextScheduledRun } from '../../schedule/nextScheduledRun.js';
import { parseSchedule } from '../../schedule/schedule.js';
import { SENT_SAMPLE_LIMIT } from '../../store/runsRepo.js';
import type { SyncRow } from '../../store/syncsRepo.js';
import type { Handlers } from '../dispatch.js';
import type { SyncSummary } from '../../types.js';

type SyncHandlers = Pick<
  Handlers,
  | 'syncs.list'
  | 'syncs.add'
  | 'syncs.update'
  | 'syncs.remove'
  | 'syncs.preview'
  | 'syncs.testRecord'
  | 'syncs.run'
  | 'syncs.cancel'
  | 'syncs.reset'
  | 'syncs.pause'
  | 'syncs.resume'
  | 'runs.list'
  | 'runs.errors'
  | 'runs.sent'
>;

export function syncHandlers(ctx: CoreContext): SyncHandlers {
  const changed = () => ctx.emit({ name: 'store.changed', payload: { domain: 'syncs' } });
  const summary = (row: SyncRow): SyncSummary => {
    const lastRun = ctx.runs.latest(row.id) ?? null;
    // One stored schedule that no longer parses is that sync's problem, never the listing's.
    let nextRunAt: string | null = null;
    let scheduleError: string | undefined;
    try {
      nextRunAt = nextScheduledRun(row, lastRun?.startedAt)?.toISOString() ?? null;
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
      paused: row.pausedAt !== null,
      pausedAt: row.pausedAt,
      nextRunAt,
      ...(scheduleError === undefined ? {} : { scheduleError }),
      ops: ctx.syncOps.get(row.id),
      createdAt: row.createdAt,
    };
  };
  return {
    'syncs.list': () => ctx.syncs.list().map(summary),
    'syncs.add': async (arg) => {
      if (arg.schedule) parseSchedule(arg.schedule);
      const model = ctx.models.get(arg.model);
      const destination = ctx.destinations.get(arg.destination);
      await requireModelWithoutProblems(ctx, model.id);
      await ctx.syncEngine.validateMapping(model.id, arg.mapping ?? null);
      const now = ctx.clock();
      const added = ctx.syncs.add(
        {
          name: arg.name,
          modelId: model.id,
          destinationId: destination.id,
          mode: arg.mode,
          schedule: arg.schedule ?? null,
          maxRecords: arg.maxRecords ?? DEFAULT_MAX_RECORDS_PER_SYNC,
          mapping: arg.mapping ?? null,
        },
        now,
      );
      const row = arg.paused ? ctx.syncs.setPaused(added.id, now) : added;
      if (arg.ops) ctx.syncOps.set(row.id, arg.ops);
      changed();
      return summary(row);
    },
    'syncs.update': async (arg) => {
      const current = ctx.syncs.get(arg.sync);
      if (arg.schedule) parseSchedule(arg.schedule);
      const modelId = arg.model ? ctx.models.get(arg.model).id : current.modelId;
      if (modelId !== current.modelId) await requireModelWithoutProblems(ctx, modelId);
      const mapping = arg.mapping === undefined ? current.mapping : arg.mapping;
      if (arg.mapping !== undefined || arg.model)
        await ctx.syncEngine.validateMapping(modelId, mapping);
      const row = ctx.syncs.update(
        current.id,
        {
          name: arg.name ?? current.name,
          modelId,
          destinationId: arg.destination
            ? ctx.destinations.get(arg.destination).id
            : current.destinationId,
          mode: arg.mode ?? current.mode,
          schedule: arg.schedule === undefined ? current.schedule : arg.schedule,
          maxRecords: arg.maxRecords ?? current.maxRecords,
          mapping,
        },
        ctx.clock(),
      );
      if (arg.ops) ctx.syncOps.set(row.id, arg.ops);
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
    'syncs.testRecord': (arg) => ctx.syncEngine.testRecord(ctx.syncs.get(arg.sync).id, arg.mapping),
    'syncs.run': async (arg) => {
      const row = ctx.syncs.get(arg.sync);
      // A model saved with problems is refused before a run is recorded (checked again first, in
      // case the warehouse changed since). One that broke since its save fails the run instead.
      const model = ctx.models.find(row.modelId);
      if (model?.problems?.length && !ctx.syncEngine.isRunning(row.id))
        await requireModelWithoutProblems(ctx, model.id);
      return ctx.syncEngine.run(row.id, 'manual');
    },
    'syncs.cancel': (arg) => ({ cancelled: ctx.syncEngine.cancel(ctx.syncs.get(arg.sync).id) }),
    'syncs.reset': async (arg) => {
      const row = ctx.syncs.get(arg.sync);
      await ctx.syncEngine.reset(row.id);
      ctx.retry.clear(row.id);
      changed();
      return { reset: row.id };
    },
    'syncs.pause': (arg) => {
      const current = ctx.syncs.get(arg.sync);
      const row = current.pausedAt ? current : ctx.syncs.setPaused(current.id, ctx.clock());
      changed();
      return summary(row);
    },
    'syncs.resume': (arg) => {
      const current = ctx.syncs.get(arg.sync);
      const row = current.pausedAt ? ctx.syncs.setPaused(current.id, null, ctx.clock()) : current;
      changed();
      return summary(row);
    },
    'runs.list': (arg) => ctx.runs.list(ctx.syncs.get(arg.sync).id, arg.limit),
    'runs.errors': (arg) => ({ errors: ctx.runs.errors(arg.runId) }),
    'runs.sent': (arg) => ({ records: ctx.runs.sent(arg.runId), sampleLimit: SENT_SAMPLE_LIMIT }),
  };
}
