import type { AlertCenter } from './ops/alerts/alertCenter.js';
import type { AlertsRepo } from './ops/alerts/alertsRepo.js';
import type { RetryPolicy } from './ops/retryPolicy.js';
import type { RunLogNotes } from './ops/runLogNotes.js';
import type { SyncOpsRepo } from './ops/syncOpsRepo.js';
import type { ApiEvent } from './events.js';
import type { Clock, SecretStore } from './ports.js';
import type { SyncEngine } from './sync/types.js';
import type { DestinationsRepo } from './store/destinationsRepo.js';
import type { ModelsRepo } from './store/modelsRepo.js';
import type { RunsRepo } from './store/runsRepo.js';
import type { SyncAcksRepo } from './store/syncAcksRepo.js';
import type { SyncsRepo } from './store/syncsRepo.js';
import type { Db } from './store/openStore.js';
import type { WarehousesRepo } from './store/warehousesRepo.js';
import type { DuckDbFiles } from './warehouse/duckDbFiles.js';
import type { WarehouseAdapter } from './warehouse/types.js';

/** Everything a handler may use: hung off one createCore() call, never module state. */
export interface CoreContext {
  /** Per sync: retry policy, warehouse logging, alert rules (issue 14). */
  syncOps: SyncOpsRepo;
  /** Refused records: counted per sync and parked in quarantine by the retry policy. */
  retry: RetryPolicy;
  /** What logged runs attempted, until written to the warehouse's record_log (core/ops). */
  runLog: RunLogNotes;
  /** Alert rules and history (issue 14.5). */
  alerts: AlertsRepo;
  /** Raises alerts after runs and sends test alerts. */
  alerting: AlertCenter;
  home: string;
  resourcesDir: string;
  db: Db;
  secrets: SecretStore;
  clock: Clock;
  warehouses: WarehousesRepo;
  models: ModelsRepo;
  destinations: DestinationsRepo;
  syncs: SyncsRepo;
  runs: RunsRepo;
  acks: SyncAcksRepo;
  syncEngine: SyncEngine;
  /** The DuckDB files open in this process: one shared instance per file. */
  duckDbFiles: DuckDbFiles;
  emit(event: ApiEvent): void;
  /** Opens the warehouse, runs `work`, and always closes it (a DuckDB file is shared while in use and unlocked once no call holds it). */
  withWarehouse<T>(ref: string, work: (adapter: WarehouseAdapter) => Promise<T>): Promise<T>;
}
