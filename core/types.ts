import type { SyncOps } from './ops/types.js';
import type { TableInfo, WarehouseConfig } from './warehouse/types.js';
import type { DestinationField, RequestPreview } from './destinations/types.js';

export type { RequestPreview } from './destinations/types.js';

/** Shapes the API returns. Secrets never appear in them: connection URLs are masked. */
export interface AppInfo {
  version: string;
  home: string;
  host: 'electron' | 'http' | 'cli';
}

export interface WarehouseSummary {
  id: string;
  name: string;
  kind: WarehouseConfig['kind'];
  /**
   * A path for DuckDB, a folder for files, a URL with its password masked for PostgreSQL/MySQL,
   * user@account/database for Snowflake, the project for BigQuery.
   */
  location: string;
  stateSchema: string;
  isSample: boolean;
  createdAt: string;
}

/** A saved warehouse's settings as its edit form shows them: secrets masked. */
export interface WarehouseSettings {
  kind: WarehouseConfig['kind'];
  settings: Record<string, unknown>;
  stateSchema: string;
}

/** When an edit moves where state lives: why, and the syncs that will send every record again. */
export interface WarehouseStateMove {
  reason: string;
  syncs: string[];
}

export interface WarehouseUpdate {
  warehouse: WarehouseSummary;
  /** Null when state stays where it was. */
  startsFresh: WarehouseStateMove | null;
}

export interface WarehouseTables {
  tables: TableInfo[];
}

/** A saved model as the config store keeps it and the API shows it: a query over a warehouse. */
export interface SavedModel {
  id: string;
  name: string;
  warehouseId: string;
  sql: string;
  idColumn: string;
  timestampColumn: string | null;
  /**
   * Its problems when last saved or checked (a draft with problems cannot be synced); null when
   * unknown (the warehouse could not be asked).
   */
  problems: ModelProblem[] | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ModelSummary extends SavedModel {
  warehouse: string;
  /** Where the model came from when not made in the app: a project file or a dbt node. */
  origin: ModelOriginSummary | null;
}

/**
 * A file-backed model's state against its file: `synced` (equal), `changed-outside` (picked up at
 * the next look), `conflict` (both changed: shown, never overwritten), `missing`, `invalid`.
 */
export type ModelFileStatus = 'synced' | 'conflict' | 'missing' | 'invalid';

export type ModelOriginSummary =
  | { kind: 'file'; path: string; status: ModelFileStatus; message?: string }
  | { kind: 'dbt'; uniqueId: string };

export type { TableInfo };
export type { DestinationField };

/** `destinations.fields`: the service's own fields, or null when its API cannot list them. */
export interface DestinationFields {
  fields: DestinationField[] | null;
}

export type SyncMode = 'upsert' | 'insert' | 'update' | 'mirror';
export type ChangeOp = 'new' | 'updated' | 'deleted';

export interface ModelProblem {
  code: string;
  message: string;
  limit?: number;
  actual?: number;
  line?: number;
  column?: number;
}

export interface ModelCheck {
  ok: boolean;
  problems: ModelProblem[];
  columns: { name: string; type: string }[];
}

export interface ModelRows {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** More rows than the limit exist: `rows` are the first of them. */
  truncated: boolean;
  tookMs: number;
}

export interface DestinationSummary {
  id: string;
  name: string;
  /** A registered destination type (`destination types`). */
  type: string;
  /** Where changes go, with secrets masked (header values and passwords never leave the engine). */
  target: string;
  /** The settings, with every secret replaced by "****". */
  settings: Record<string, unknown>;
  createdAt: string;
}

/** Field mapping: which model columns go out, under which names, plus constants. */
export interface FieldMapping {
  /** Source column → destination field; null or empty sends every column under its own name. */
  fields?: { source: string; target: string }[] | null;
  constants?: { target: string; value: string | number | boolean | null }[];
  /** Leave null fields out of new/updated records so a null never overwrites a value. */
  omitNulls?: boolean;
}

/** One record a run delivered, as sent (`record` is its JSON text, cut when long). */
export interface SentRecord {
  id: string;
  op: 'new' | 'updated' | 'deleted';
  record: string;
  /** The record's text was longer and is cut here. */
  cut: boolean;
}

export interface RunError {
  id: string | null;
  reason: string;
}

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'paused' | 'cancelled';

/** CLI.md's run summary, plus what the app shows. */
export interface RunSummary {
  runId: string;
  sync: string;
  syncId: string;
  status: RunStatus;
  trigger: 'manual' | 'schedule';
  extracted: number;
  changes: { new: number; updated: number; deleted: number };
  delivered: number;
  failed: number;
  rejected: number;
  pending: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** The first errors (the full log is `runs.errors`). */
  errors: RunError[];
  /** Refused records the retry policy parked in quarantine during this run. */
  quarantined?: number;
  /** Why a run paused, failed or was skipped, in words. */
  message?: string;
}

export interface SyncSummary {
  id: string;
  name: string;
  model: string;
  modelId: string;
  destination: string;
  destinationId: string;
  mode: SyncMode;
  schedule: string | null;
  maxRecords: number;
  mapping: FieldMapping | null;
  running: boolean;
  lastRun: RunSummary | null;
  /** The schedule is paused: nothing runs by itself (a manual run still works). */
  paused: boolean;
  pausedAt: string | null;
  /** Null without a schedule or while paused. */
  nextRunAt: string | null;
  /** Why a stored schedule cannot run (written by an older Ebb, or edited by hand); else absent. */
  scheduleError?: string;
  createdAt: string;
  /** Retry policy, warehouse logs and alert rules (issue 14). */
  ops: SyncOps;
}

export interface PreviewSample {
  op: ChangeOp;
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changedFields: string[];
}

/**
 * `syncs.testRecord`: one record exactly as the destination would receive it (the requests its
 * `send` would make, credentials masked). Nothing is sent and no state changes.
 */
export interface TestRecord {
  /**
   * `pending`: the next change the sync would send; `model`: nothing is pending, so the model's
   * first row, as an update would send it.
   */
  source: 'pending' | 'model';
  destinationType: string;
  /** The change after the sync's field mapping. */
  change: { op: ChangeOp; id: string; record: Record<string, unknown> };
  requests: RequestPreview[];
  /** Set when the destination would reject the record before sending (over a limit). */
  rejected?: string;
  note?: string;
}

/** CLI.md's preview, plus the warehouse time and what the first run of the mode does. */
export interface Preview {
  changes: { new: number; updated: number; deleted: number };
  rejected: number;
  samples: PreviewSample[];
  rejectedSamples: RunError[];
  warehouseMs: number;
  mode: SyncMode;
  /** What a run in this mode sends of the changes; the rest is recorded as baseline only. */
  willSend: { new: number; updated: number; deleted: number };
  willRecordOnly: number;
  capped: { maxRecords: number; pending: number };
}
