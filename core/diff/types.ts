import type { JsonRecord, JsonValue } from '../values/valueType.js';
import type { SyncStateRef } from './stateTables.js';

export type ChangeOp = 'new' | 'updated' | 'deleted';

export interface DiffModel extends SyncStateRef {
  sql: string;
  idColumn: string;
  /**
   * What state describes: a signature of the destination (and field mapping) it was delivered
   * to. When it differs from the one state was built for, state starts fresh: the new target
   * holds none of it. Absent: not checked.
   */
  target?: string;
}

export interface PlanOptions extends DiffModel {
  /** The per-sync record cap: at most this many changes are staged; the rest stay pending. */
  maxRecords: number;
  /** The operations the sync mode sends (default all three); others are counted, not staged. */
  modeOps?: readonly ChangeOp[];
  /**
   * 'general' plans a first sync (empty state) like any other diff instead of taking the
   * first-sync path (firstSync.ts); the conformance suite runs both. Default: the fast path.
   */
  firstSyncPath?: 'fast' | 'general';
}

export interface RejectedSample {
  /** The id as JSON (null for a null id). */
  id: JsonValue;
  reason: string;
}

export interface ChangeCounts {
  new: number;
  updated: number;
  deleted: number;
}

export interface DiffPlan {
  new: number;
  updated: number;
  deleted: number;
  /** Model rows never attempted: null id, every row of a duplicated id, oversize records. */
  rejected: number;
  /** Changes left for later runs by the record cap. */
  pending: number;
  staged: number;
  warehouseMs: number;
  rejectedSamples: RejectedSample[];
  /**
   * Set when staging holds seq 1…staged stored in seq order (DuckDB's first sync), so a plain
   * scan yields them in delivery order (core/diff/exportStaged.ts).
   */
  stagedInScanOrder?: true;
}

/** One staged change, as read back for delivery; `seq` is its place in the delivery order. */
export interface StagedChange {
  seq: number;
  op: ChangeOp;
  id: JsonValue;
  /** Parsed from `recordJson` when first read. */
  readonly record: JsonRecord;
  /** The record as JSON text on one line: what the warehouse rendered and state keeps. */
  recordJson: string;
}

export interface PreviewSample {
  op: ChangeOp;
  id: JsonValue;
  before: JsonRecord | null;
  after: JsonRecord | null;
  /** `after` as the JSON text the warehouse rendered: what an unmapped sync sends as is. */
  afterJson: string | null;
  changedFields: string[];
}

export interface DiffPreview {
  changes: ChangeCounts;
  rejected: number;
  /** Up to `limit` of each kind: new, updated and deleted. */
  samples: PreviewSample[];
  rejectedSamples: RejectedSample[];
  warehouseMs: number;
}
