import path from 'node:path';
import type { ApiEvent } from './api/contract.js';
import { createDispatch, type Dispatch, type Handlers } from './api/dispatch.js';
import { alertHandlers } from './api/handlers/alertHandlers.js';
import { appHandlers } from './api/handlers/appHandlers.js';
import { destinationHandlers } from './api/handlers/destinationHandlers.js';
import { modelHandlers } from './api/handlers/modelHandlers.js';
import { opsHandlers } from './api/handlers/opsHandlers.js';
import { alertCenter } from './ops/alerts/alertCenter.js';
import { alertsRepo } from './ops/alerts/alertsRepo.js';
import { retryPolicy } from './ops/retryPolicy.js';
import { runLogNotes } from './ops/runLogNotes.js';
import { syncOpsRepo } from './ops/syncOpsRepo.js';
import { projectHandlers } from './api/handlers/projectHandlers.js';
import { syncHandlers } from './api/handlers/syncHandlers.js';
import { usageHandlers } from './api/handlers/usageHandlers.js';
import { warehouseHandlers } from './api/handlers/warehouseHandlers.js';
import type { CoreContext } from './coreContext.js';
import { systemClock, type Clock, type SecretStore } from './ports.js';
import { createSampleWarehouse, SAMPLE_WAREHOUSE_NAME } from './sample/createSampleWarehouse.js';
import { fileKeySecretStore } from './secrets/fileKeySecretStore.js';
import { destinationsRepo } from './store/destinationsRepo.js';
import { modelsRepo } from './store/modelsRepo.js';
import { runsRepo } from './store/runsRepo.js';
import { syncAcksRepo } from './store/syncAcksRepo.js';
import { syncsRepo } from './store/syncsRepo.js';
import { openStore } from './store/openStore.js';
import { warehousesRepo } from './store/warehousesRepo.js';
import { duckDbFiles as createDuckDbFiles } from './warehouse/duckDbFiles.js';
import { openWarehouse } from './warehouse/openWarehouse.js';
import { usageMeter } from './metering/usageMeter.js';
import { quotaWords, type QuotaMeter } from './sync/quota.js';
import { createSyncEngine } from './sync/syncEngine.js';
import { createScheduler, type Scheduler } from './schedule/scheduler.js';

export interface CoreOptions {
  home: string;
  resourcesDir: string;
  host: 'electron' | 'http' | 'cli';
  secrets?: SecretStore;
  clock?: Clock;
  onUnexpectedError?: (error: unknown) => void;
  quota?: QuotaMeter;
  /** How long a run may send before it stops (default: EBB_RUN_DEADLINE_MINUTES, else 6 h). */
  runDeadlineMs?: number;
}

/** Long enough for a first sync of millions to a slow API, short enough that a black hole ends. */
const DEFAULT_RUN_DEADLINE_MS = 6 * 3_600_000;

function runDeadlineFromEnv(): number | undefined {
  const minutes = Number(process.env.EBB_RUN_DEADLINE_MINUTES);
  return Number.isFinite(minutes) && minutes > 0
    ? Math.min(minutes, 7 * 24 * 60) * 60_000
    : undefined;
}

export interface Core {
  readonly home: string;
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  /** Subscribes to push events; returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /** Runs syncs on their schedules until stopped (the app, browser mode and `ebb scheduler`). */
  createScheduler(log: (line: string) => void): Scheduler;
  /** Resolves once the alerts raised so far are delivered (or their failure recorded). */
  settle(): Promise<void>;
  /** First-run work of the app: the Sample warehouse when no warehouse is configured yet. */
  ensureSampleWarehouse(): Promise<void>;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const home = path.resolve(options.home);
  const db = openStore(home);
  const secrets = options.secrets ?? fileKeySecretStore(home);
  const listeners = new Set<(event: ApiEvent) => void>();
  const warehouses = warehousesRepo(db, secrets);

  const duckDbFiles = createDuckDbFiles();
  const clock = options.clock ?? systemClock;
  const syncOps = syncOpsRepo(db);
  const alerts = alertsRepo(db, secrets);
  const runs = runsRepo(db);
  const emit = (event: ApiEvent) => {
    for (const listener of listeners) listener(event);
  };
  const meter = usageMeter(db, { clock });
  const quota = options.quota ?? meter;
  const ctx: Omit<CoreContext, 'syncEngine'> = {
    home,
    resourcesDir: options.resourcesDir,
    db,
    secrets,
    clock,
    warehouses,
    models: modelsRepo(db),
    destinations: destinationsRepo(db, secrets),
    syncs: syncsRepo(db),
    runs,
    acks: syncAcksRepo(db),
    syncOps,
    retry: retryPolicy(db, clock, syncOps),
    runLog: runLogNotes(db),
    alerts,
    alerting: alertCenter({
      alerts,
      runs,
      clock,
      emit,
      usage: () => quota.status(),
      onError: options.onUnexpectedError,
    }),
    duckDbFiles,
    emit,
    async withWarehouse(ref, work) {
      const adapter = openWarehouse(warehouses.get(ref).config, { duckDbFiles });
      try {
        return await work(adapter);
      } finally {
        await adapter.close();
      }
    },
  };

  const context: CoreContext = Object.assign(ctx, {
    syncEngine: createSyncEngine({
      ...ctx,
      quota,
      runDeadlineMs: options.runDeadlineMs ?? runDeadlineFromEnv() ?? DEFAULT_RUN_DEADLINE_MS,
      closeRun: (runId: string) => meter.closeRun(runId),
    }),
  });
  // Crash recovery: runs left by a dead process are closed, and their open quota counted; each
  // is a failed run to its alert rules (`settle()` waits for those deliveries).
  for (const run of context.runs.closeAbandoned(context.clock().toISOString(), (runId) =>
    meter.meteredForRun(runId),
  ))
    void context.alerting.afterRun(run);
  meter.settleAbandoned(context.runs.liveRunIds());

  const models = modelHandlers(context);
  const handlers: Handlers = {
    ...appHandlers(context, options.host),
    ...warehouseHandlers(context),
    ...models,
    ...opsHandlers(context),
    ...alertHandlers(context),
    ...projectHandlers(context, async (ref) => {
      const found = (await models['models.list']({})).find((m) => m.id === ref);
      if (!found) throw new Error(`model ${ref} vanished`);
      return found;
    }),
    ...destinationHandlers(context),
    ...syncHandlers(context),
    ...usageHandlers(context),
  };

  return {
    home,
    handlers,
    dispatch: createDispatch(handlers, options.onUnexpectedError),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    createScheduler(log) {
      return createScheduler({
        clock: context.clock,
        listSyncs: () => context.syncs.list(),
        findSync: (syncId) => context.syncs.find(syncId),
        lastRunStartedAt: (syncId) => context.runs.latest(syncId)?.startedAt,
        isRunning: (syncId) => context.syncEngine.isRunning(syncId),
        skipReason: () => {
          const status = quota.status();
          const words = quotaWords(status);
          return status.remaining <= 0
            ? `the plan's monthly limit of ${words.limit} records is reached; syncs resume on ${words.cycleEnd}.`
            : null;
        },
        run: (syncId) => context.syncEngine.run(syncId, 'schedule'),
        log,
      });
    },
    settle: () => context.alerting.settled(),
    async ensureSampleWarehouse() {
      const marker = db.prepare("select value from settings where key = 'sample.created'").get();
      if (marker || warehouses.list().length > 0) return;
      const file = await createSampleWarehouse(options.resourcesDir, home);
      db.transaction(() => {
        warehouses.add(SAMPLE_WAREHOUSE_NAME, { kind: 'duckdb', path: file });
        db.prepare("insert into settings (key, value) values ('sample.created', ?)").run(
          new Date().toISOString(),
        );
      })();
      ctx.emit({ name: 'store.changed', payload: { domain: 'warehouses' } });
    },
    close() {
      listeners.clear();
      db.close();
    },
  };
}
