import { EbbError } from '../errors.js';
import type { RunError, RunSummary } from '../types.js';
import type { CoreContext } from '../coreContext.js';
import { createDestination } from '../destinations/registry.js';
import {
  applyAcknowledged,
  markInDoubt,
  planDiff,
  previewDiff,
  recordAcknowledgedRanges,
  resetState,
  type SyncStateRef,
} from '../diff/index.js';
import { checkModel } from '../models/checkModel.js';
import { projectFiles } from '../project/projectFolder.js';
import { newId } from '../store/rows.js';
import { SUMMARY_ERROR_LIMIT } from '../store/runsRepo.js';
import { writePendingRunLogs } from '../ops/pendingRunLogs.js';
import { abortable } from '../warehouse/abortable.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { deliverInFlight } from './batchesInFlight.js';
import { deliverBatch, type BatchRun } from './deliverBatch.js';
import { deliverByExport } from './exportDelivery.js';
import { createRecordMapper, mappedColumns, mapsNothing, validateMapping } from './fieldMapping.js';
import { quotaWords, type QuotaMeter } from './quota.js';
import { mergeRanges } from './mergeRanges.js';
import { finalStatus, startedRun } from './runStatus.js';
import { sampleExported, sentSample } from './sentSample.js';
import { serialQueue } from './serialQueue.js';
import { stagedBatches } from './stagedBatches.js';
import { stateTarget } from './stateTarget.js';
import { clearingMapper, sentFields } from './sentFields.js';
import { testRecord } from './testRecord.js';
import type { SyncEngine } from './types.js';
import { modeSends, SYNC_MODES } from './syncModes.js';
import { idText } from '../values/idText.js';

export type { SyncEngine } from './types.js';

type EngineContext = Omit<CoreContext, 'syncEngine'> & {
  quota: QuotaMeter;
  /** A run still sending after this long stops; what it had not acknowledged is resent next run. */
  runDeadlineMs: number;
  /** Meters any reservation a run left unsettled (a batch whose commit threw). */
  closeRun(runId: string): void;
};

const PROGRESS_EVERY_MS = 200;

const runDeadlinePassed = (ms: number) =>
  new EbbError(
    'RUN_DEADLINE',
    `The run passed its deadline of ${formatDuration(ms)} and stopped sending; changes not acknowledged are sent again by the next run.`,
  );
/** The deadline passed while the warehouse still worked (its statement cancelled, none sent). */
const deadlineInWarehouse = (ms: number) =>
  `The run passed its deadline of ${formatDuration(ms)} while the warehouse was still working on it: its statement was cancelled and nothing of it kept; changes not acknowledged are sent again by the next run.`;
const isDeadline = (reason: unknown) =>
  reason instanceof EbbError && reason.code === 'RUN_DEADLINE';
const formatDuration = (ms: number) =>
  ms % 3_600_000 === 0
    ? `${ms / 3_600_000} h`
    : ms % 60_000 === 0
      ? `${ms / 60_000} min`
      : `${Math.round(ms / 1000)} s`;

/**
 * DESIGN.md's walk of one sync: check, extract and diff in the warehouse, stage up to the cap,
 * load in batches, commit state only for what the destination acknowledged, meter every attempt.
 */
export function createSyncEngine(ctx: EngineContext): SyncEngine {
  const active = new Map<string, { controller: AbortController; run: RunSummary }>();
  const modelFiles = projectFiles(ctx);

  const parts = (syncId: string) => {
    const sync = ctx.syncs.get(syncId);
    const model = ctx.models.get(sync.modelId);
    const warehouse = ctx.warehouses.get(model.warehouseId);
    const destination = ctx.destinations.get(sync.destinationId);
    const ref = { syncKey: sync.id, stateSchema: warehouse.stateSchema };
    const target = stateTarget(destination, sync.mapping);
    return { sync, model, warehouse, destination, ref, target };
  };

  /** Each sync's acknowledgements being applied (a preview's and a run's take turns). */
  const applying = new Map<string, Promise<void>>();

  /**
   * Moves the acknowledgements noted in the config store into the warehouse's state. They stay
   * in the store until that succeeds, so a crash or a warehouse error loses none of them. One
   * sync's are applied by one caller at a time (a preview's, then a run's finding none left).
   */
  function applyAcks(
    adapter: WarehouseAdapter,
    syncId: string,
    ref: SyncStateRef,
    /** False when no run log will be joined with this plan's staging (a run not logged). */
    keepStagedIds = true,
  ): Promise<void> {
    const turn = (applying.get(syncId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => applyAcksNow(adapter, syncId, ref, keepStagedIds));
    applying.set(syncId, turn);
    void turn
      .finally(() => {
        if (applying.get(syncId) === turn) applying.delete(syncId);
      })
      .catch(() => undefined);
    return turn;
  }

  async function applyAcksNow(
    adapter: WarehouseAdapter,
    syncId: string,
    ref: SyncStateRef,
    keepStagedIds: boolean,
  ): Promise<void> {
    const doubts = mergeRanges(ctx.acks.inDoubt(syncId));
    const ranges = mergeRanges(ctx.acks.list(syncId));
    if (ranges.length === 0 && doubts.length === 0) return;
    // In doubt first: the acknowledgements then overwrite what they confirm.
    await markInDoubt(adapter, ref, doubts);
    await recordAcknowledgedRanges(adapter, ref, ranges);
    await applyAcknowledged(adapter, ref, keepStagedIds);
    ctx.acks.clear(syncId);
  }

  /** The config store's side of `--log-to-warehouse` for one sync (core/ops/pendingRunLogs.ts). */
  const pendingLogs = (syncId: string) => ({
    notes: ctx.runLog,
    savedRun: (runId: string) => ctx.runs.get(runId),
    syncId,
    retentionDays: ctx.syncOps.get(syncId).logRetentionDays,
    now: ctx.clock(),
  });

  async function execute(
    summary: RunSummary,
    signal: AbortSignal,
    logged: boolean,
  ): Promise<RunSummary> {
    const { sync, model, destination: destinationRow, ref, target } = parts(summary.syncId);
    const errors: RunError[] = [];
    const recordErrors = (list: RunError[]) => {
      if (list.length === 0) return;
      ctx.runs.addErrors(summary.runId, list);
      for (const error of list) if (errors.length < SUMMARY_ERROR_LIMIT) errors.push(error);
    };
    let lastProgress = 0;
    const progress = (phase: 'extract' | 'diff' | 'load' | 'commit' | 'done', force = false) => {
      const now = performance.now();
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      ctx.emit({
        name: 'run.progress',
        payload: {
          runId: summary.runId,
          syncId: summary.syncId,
          sync: summary.sync,
          phase,
          changes: phase === 'extract' || phase === 'diff' ? null : summary.changes,
          delivered: summary.delivered,
          failed: summary.failed,
          done: summary.delivered + summary.failed + recordedOnly,
          // The changes this run took on (the staged ones), whatever became of them.
          total: phase === 'extract' || phase === 'diff' ? null : staged,
        },
      });
    };
    let recordedOnly = 0;
    let staged = 0;
    // The retry policy: refused records counted, those given up on parked (core/ops).
    const retry = ctx.retry.forRun(sync.id, summary.runId);
    let paused = false;
    let failedRun = false;
    /** The deadline or cancel stopped warehouse work (not the sending). */
    let stoppedInWarehouse = false;
    let loadStarted = false;
    /** The fields sent to a destination that keeps what a record leaves out (sentFields.ts). */
    let fields: ReturnType<typeof sentFields> | undefined;
    /** Check, diff, load and commit, through `adapter` (bound to the run's signal). */
    async function runInWarehouse(adapter: WarehouseAdapter, warehouse: WarehouseAdapter) {
      progress('extract', true);
      const modelConfig = {
        sql: model.sql,
        idColumn: model.idColumn,
        timestampColumn: model.timestampColumn,
      };
      const problems = await checkModel(adapter, modelConfig);
      if (problems.length > 0) {
        throw new EbbError(
          'INVALID_MODEL',
          `The model "${model.name}" cannot run: ${problems.map((p) => p.message).join(' ')}`,
        );
      }
      const columns = await adapter.describeQuery(model.sql);
      validateMapping(
        sync.mapping,
        columns.map((c) => c.name),
      );
      progress('diff', true);
      // Acknowledgements a crashed run noted but never applied go in before the next diff.
      await applyAcks(adapter, sync.id, ref);
      // Runs logged but not written (killed mid-way) go in before the plan replaces staging.
      if (logged)
        await writePendingRunLogs(adapter, ref, pendingLogs(sync.id), { except: summary.runId });
      const plan = await planDiff(adapter, {
        ...ref,
        sql: model.sql,
        idColumn: model.idColumn,
        maxRecords: sync.maxRecords,
        target,
      });
      summary.changes = { new: plan.new, updated: plan.updated, deleted: plan.deleted };
      summary.rejected = plan.rejected;
      summary.pending = plan.pending;
      staged = plan.staged;
      // Model rows the plan read out as changes or rejects (unchanged rows stay in the warehouse).
      summary.extracted = plan.new + plan.updated + plan.rejected;
      recordErrors(
        plan.rejectedSamples.map((s) => ({
          id: s.id === null ? null : idText(s.id),
          reason: s.reason,
        })),
      );
      ctx.runs.save(summary);

      const quota = ctx.quota.status();
      const sendsAny = (['new', 'updated', 'deleted'] as const).some(
        (op) => modeSends(sync.mode, op) && plan[op] > 0,
      );
      if (sendsAny && quota.remaining <= 0) {
        paused = true;
        summary.pending = plan.pending + plan.staged;
        const words = quotaWords(quota);
        summary.message = `The plan's monthly limit of ${words.limit} records is reached; syncs resume when the next billing cycle starts (${words.cycleEnd}).`;
        return;
      }

      if (plan.staged === 0) return;
      const destination = createDestination(destinationRow.config);
      const sendsColumns = mappedColumns(sync.mapping, columns);
      let mapper = createRecordMapper(sync.mapping);
      let unmapped = mapsNothing(sync.mapping);
      if (destination.keepsFieldsNotSent) {
        fields = sentFields(
          ctx.db,
          sync.id,
          sendsColumns.map((c) => c.name),
        );
        fields.sending();
        if (fields.cleared.length > 0) {
          mapper = clearingMapper(mapper, fields.cleared);
          unmapped = false;
        }
      }
      await destination.open({
        runId: summary.runId,
        syncName: sync.name,
        idColumn: model.idColumn,
        columns: sendsColumns,
        signal,
      });
      const warehouseWork = serialQueue();
      const sample = sentSample(ctx.runs, summary.runId);
      let handled = 0;
      const ids = { runId: summary.runId, syncId: sync.id, destinationId: destinationRow.id };
      try {
        loadStarted = true;
        progress('load', true);
        // A JSON Lines or CSV file takes lines the warehouse writes itself; what it cannot take
        // (and all else) goes change by change below (exportDelivery.ts).
        const exportable =
          unmapped &&
          !logged &&
          plan.deleted === 0 &&
          !retry.tracksFailures() &&
          (['new', 'updated'] as const).every((op) => plan[op] === 0 || modeSends(sync.mode, op));
        const exported = !exportable
          ? 0
          : await deliverByExport({
              adapter,
              ref,
              destination,
              staged: plan.staged,
              inScanOrder: plan.stagedInScanOrder === true,
              signal,
              db: ctx.db,
              quota: ctx.quota,
              reservation: ids,
              acks: {
                noteInDoubt: (ranges) => ctx.acks.noteInDoubt(sync.id, ranges),
                settle: (doubtIds, acknowledged) =>
                  ctx.acks.settle(sync.id, doubtIds, acknowledged, []),
              },
              warehouseWork,
              delivered: (count) => {
                summary.delivered += count;
                handled += count;
                progress('load');
              },
            });
        if (exported > 0) await sampleExported(sample, adapter, ref, warehouseWork, exported);

        // Pages pass through: the warehouse may hold less while they are read (README.md in
        // core/diff: a 10M-row first sync's peak RSS).
        if (exported < plan.staged)
          await warehouseWork(async () => adapter.setWorkMemory?.('read'));
        const linesOut = exportable && exported === 0 && destination.sendJsonLines !== undefined;
        const staged = stagedBatches(adapter, ref, plan, {
          batchSize: destination.batchSize,
          exported,
          linesOut,
        });
        const batchRun: BatchRun = {
          db: ctx.db,
          quota: ctx.quota,
          acks: ctx.acks,
          runLog: ctx.runLog,
          clock: ctx.clock,
          ids,
          summary,
          mode: sync.mode,
          logged,
          destination,
          signal,
          retry,
          unmapped,
          mapper,
          sample,
          recordErrors,
          pause: () => {
            paused = true;
          },
          handled: (recordOnly, sent) => {
            recordedOnly += recordOnly;
            handled += recordOnly + sent;
            progress('load');
          },
        };
        const firstError = await deliverInFlight(staged, {
          concurrency: destination.concurrency,
          warehouseWork,
          // Everything exported: no page query to find nothing left (~0.03 s a run).
          stopped: () => exported >= plan.staged || signal.aborted || paused,
          deliver: (batch) => deliverBatch(batchRun, batch),
        });
        summary.pending = plan.pending + (plan.staged - handled);
        if (firstError) throw firstError;
        if (paused) {
          const words = quotaWords(ctx.quota.status());
          summary.message = `The plan's monthly limit of ${words.limit} records was reached during this run; the rest is pending until the next billing cycle (${words.cycleEnd}).`;
        }
      } finally {
        progress('commit', true);
        try {
          await warehouseWork(async () => {
            await warehouse.setWorkMemory?.('normal');
            await applyAcks(warehouse, sync.id, ref, logged);
          });
        } finally {
          await destination.close();
        }
      }
    }
    try {
      await ctx.withWarehouse(model.warehouseId, async (warehouse: WarehouseAdapter) => {
        // The run's deadline and cancel stop a warehouse statement too; the clean-up below
        // (acknowledgements applied) goes through `warehouse` itself.
        const { adapter, release } = abortable(warehouse, signal);
        try {
          await runInWarehouse(adapter, warehouse);
        } finally {
          release();
        }
      });
    } catch (error) {
      if (signal.aborted && error === signal.reason) stoppedInWarehouse = true;
      else {
        failedRun = true;
        const message =
          error instanceof EbbError
            ? error.message
            : `Unexpected error: ${(error as Error).message}`;
        summary.message = message;
        recordErrors([{ id: null, reason: message }]);
      }
    }
    if (isDeadline(signal.reason)) {
      failedRun = true;
      summary.message =
        stoppedInWarehouse && !loadStarted
          ? deadlineInWarehouse(ctx.runDeadlineMs)
          : (signal.reason as Error).message;
      recordErrors([{ id: null, reason: summary.message }]);
    }
    summary.errors = errors;
    summary.status = finalStatus({
      error: failedRun,
      cancelled: signal.aborted,
      paused,
      delivered: summary.delivered,
      failed: summary.failed,
    });
    if (summary.status === 'succeeded' && summary.pending === 0 && summary.failed === 0)
      fields?.sentWhole();
    if (signal.aborted && !summary.message)
      summary.message = 'Cancelled. Changes not acknowledged are sent by the next run.';
    const finishedAt = ctx.clock();
    summary.finishedAt = finishedAt.toISOString();
    summary.durationMs = Math.max(0, finishedAt.getTime() - new Date(summary.startedAt).getTime());
    progress('done', true);
    return summary;
  }

  /**
   * A run, then its log (and any a crash left) into the warehouse; kept for the next run if that
   * fails. The warehouse is held open around both, so a DuckDB file is not closed and opened again.
   */
  async function executeLogged(summary: RunSummary, signal: AbortSignal): Promise<RunSummary> {
    const { model, ref } = parts(summary.syncId);
    let finished: RunSummary | undefined;
    try {
      await ctx.withWarehouse(model.warehouseId, async (adapter) => {
        // Connected first, so the run's own connection closing does not close a DuckDB file.
        await adapter.query('select 1').catch(() => undefined);
        finished = await execute(summary, signal, true);
        await writePendingRunLogs(adapter, ref, pendingLogs(summary.syncId), { current: finished });
      });
    } catch (error) {
      // The warehouse would not even open: the run itself says why (execute never throws).
      finished ??= await execute(summary, signal, true);
      const reason = (error as Error).message;
      ctx.runs.addErrors(finished.runId, [{ id: null, reason }]);
      if (finished.errors.length < SUMMARY_ERROR_LIMIT) finished.errors.push({ id: null, reason });
    }
    return finished!;
  }

  return {
    isRunning: (syncId) => active.has(syncId),

    async validateMapping(modelId, mapping) {
      if (!mapping) return;
      const model = ctx.models.get(modelId);
      const columns = await ctx.withWarehouse(model.warehouseId, (adapter) =>
        adapter.describeQuery(model.sql),
      );
      validateMapping(
        mapping,
        columns.map((c) => c.name),
      );
    },

    async preview(syncId, limit) {
      modelFiles.takeIn(ctx.syncs.get(syncId).modelId);
      const { sync, model, ref, target } = parts(syncId);
      const preview = await ctx.withWarehouse(model.warehouseId, async (adapter) => {
        // A run that died left batches acknowledged (and some in doubt) that only the config
        // store knows: they go into state first, as the next run's first step would put them,
        // so the preview shows what that run will send (not records already delivered as new or
        // updated, nor in-doubt ones as unchanged). A live run applies its own when it ends.
        if (!active.has(sync.id) && !ctx.runs.runningElsewhere(sync.id))
          await applyAcks(adapter, sync.id, ref);
        return previewDiff(adapter, {
          ...ref,
          sql: model.sql,
          idColumn: model.idColumn,
          limit,
          target,
        });
      });
      const sends = SYNC_MODES[sync.mode].sends;
      const willSend = {
        new: sends.new ? preview.changes.new : 0,
        updated: sends.updated ? preview.changes.updated : 0,
        deleted: sends.deleted ? preview.changes.deleted : 0,
      };
      const total = preview.changes.new + preview.changes.updated + preview.changes.deleted;
      return {
        changes: preview.changes,
        rejected: preview.rejected,
        samples: preview.samples.map(({ afterJson: _text, ...s }) => ({ ...s, id: idText(s.id) })),
        rejectedSamples: preview.rejectedSamples.map((s) => ({
          id: s.id === null ? null : idText(s.id),
          reason: s.reason,
        })),
        warehouseMs: Math.round(preview.warehouseMs),
        mode: sync.mode,
        willSend,
        willRecordOnly: total - willSend.new - willSend.updated - willSend.deleted,
        capped: { maxRecords: sync.maxRecords, pending: Math.max(0, total - sync.maxRecords) },
      };
    },

    async testRecord(syncId, mapping) {
      modelFiles.takeIn(ctx.syncs.get(syncId).modelId);
      const { sync, model, destination, ref, target } = parts(syncId);
      // Another mapping is another state target: the diff then sees every record as new.
      const shown =
        mapping === undefined
          ? { sync, target }
          : { sync: { ...sync, mapping }, target: stateTarget(destination, mapping) };
      return ctx.withWarehouse(model.warehouseId, (adapter) =>
        testRecord(adapter, { ...shown, model, destination: destination.config, ref }),
      );
    },

    async run(syncId, trigger) {
      const { sync } = parts(syncId);
      const current = active.get(sync.id);
      if (current) {
        throw new EbbError(
          'RUN_IN_PROGRESS',
          `"${sync.name}" is already running (since ${current.run.startedAt}). Wait for it to finish, or cancel it.`,
        );
      }
      const elsewhere = ctx.runs.runningElsewhere(sync.id);
      if (elsewhere) {
        throw new EbbError(
          'RUN_IN_PROGRESS',
          `"${sync.name}" is being run by another Ebb process (run ${elsewhere.runId}).`,
        );
      }
      modelFiles.takeIn(sync.modelId);
      const summary = startedRun({
        runId: newId(),
        sync: sync.name,
        syncId: sync.id,
        trigger,
        startedAt: ctx.clock().toISOString(),
      });
      const controller = new AbortController();
      const deadline = setTimeout(
        () => controller.abort(runDeadlinePassed(ctx.runDeadlineMs)),
        ctx.runDeadlineMs,
      );
      active.set(sync.id, { controller, run: summary });
      const logged = ctx.syncOps.get(sync.id).logToWarehouse;
      ctx.db.transaction(() => {
        ctx.runs.save(summary);
        if (logged) ctx.runLog.start(sync.id, summary.runId, summary.startedAt);
        else ctx.runLog.discard(sync.id);
      })();
      ctx.emit({ name: 'store.changed', payload: { domain: 'syncs' } });
      let finished: RunSummary;
      try {
        finished = logged
          ? await executeLogged(summary, controller.signal)
          : await execute(summary, controller.signal, false);
        ctx.runs.save(finished);
      } finally {
        clearTimeout(deadline);
        ctx.closeRun(summary.runId);
        active.delete(sync.id);
        ctx.emit({ name: 'run.finished', payload: summary });
        ctx.emit({ name: 'store.changed', payload: { domain: 'syncs' } });
        ctx.emit({ name: 'store.changed', payload: { domain: 'usage' } });
      }
      // Alerts the run calls for (core/ops/alerts): raised and delivered before the run answers,
      // so `ebb sync run` does not exit with them in flight; a failed delivery is only recorded.
      await ctx.alerting.afterRun(finished);
      return finished;
    },

    cancel(syncId) {
      const current = active.get(syncId);
      if (!current) return false;
      current.controller.abort(new EbbError('CANCELLED', 'The run was cancelled.'));
      return true;
    },

    async reset(syncId) {
      const { model, ref, sync } = parts(syncId);
      if (active.has(sync.id)) {
        throw new EbbError(
          'RUN_IN_PROGRESS',
          `"${sync.name}" is running; cancel it or wait before resetting.`,
        );
      }
      await ctx.withWarehouse(model.warehouseId, (adapter) => resetState(adapter, ref));
      ctx.acks.clear(sync.id);
    },

    async forget(syncId) {
      const { model, ref } = parts(syncId);
      this.cancel(syncId);
      await ctx
        .withWarehouse(model.warehouseId, (adapter) => resetState(adapter, ref))
        .catch(() => undefined);
    },
  };
}
