import { readStaged, type SyncStateRef } from '../diff/index.js';
import { readStagedJsonLines, type StagedJsonLines } from '../diff/stagedJsonLines.js';
import { readStagedLines } from '../diff/stagedLines.js';
import type { DiffPlan, StagedChange } from '../diff/types.js';
import type { WarehouseAdapter } from '../warehouse/types.js';

/** Below a page of changes (readStaged's 10,000), the page query is read, not lines. */
const LINES_FROM = 10_000;

/**
 * The staged changes after `exported`, in readStaged's batches of `batchSize`, read the cheapest
 * way the run allows. DuckDB writes them as lines to files read in Node instead of page queries
 * (core/diff/stagedLines.ts); a destination that sends changeJson texts (`linesOut`: nothing
 * exported, every batch going whole) takes the texts DuckDB writes, as they are
 * (stagedJsonLines.ts). Fewer than a page: one page query.
 */
export function stagedBatches(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  plan: Pick<DiffPlan, 'staged' | 'stagedInScanOrder'>,
  read: { batchSize: number; exported: number; linesOut: boolean },
): AsyncIterable<StagedChange[] | StagedJsonLines> {
  const { batchSize, exported } = read;
  const inScanOrder = plan.stagedInScanOrder === true;
  if (read.linesOut && plan.staged >= LINES_FROM)
    return readStagedJsonLines(adapter, ref, batchSize, { staged: plan.staged, inScanOrder });
  if (plan.staged - exported >= LINES_FROM)
    return readStagedLines(adapter, ref, batchSize, {
      afterSeq: exported,
      staged: plan.staged,
      inScanOrder,
    });
  return readStaged(adapter, ref, batchSize, exported);
}
