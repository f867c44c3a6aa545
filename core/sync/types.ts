import type { FieldMapping, Preview, RunSummary, TestRecord } from '../types.js';

/** What the rest of core asks of the sync engine (core/sync/syncEngine.ts builds it). */
export interface SyncEngine {
  isRunning(syncId: string): boolean;
  validateMapping(modelId: string, mapping: FieldMapping | null): Promise<void>;
  preview(syncId: string, limit: number): Promise<Preview>;
  /**
   * One record exactly as the destination would receive it; nothing sent, no state changed.
   * `mapping` (an unsaved one) replaces the sync's when given.
   */
  testRecord(syncId: string, mapping?: FieldMapping | null): Promise<TestRecord>;
  run(syncId: string, trigger: RunSummary['trigger']): Promise<RunSummary>;
  cancel(syncId: string): boolean;
  reset(syncId: string): Promise<void>;
  /** Drops a deleted sync's state tables; a warehouse that cannot be reached is left as it is. */
  forget(syncId: string): Promise<void>;
}
