export {
  applyAcknowledged,
  commitAcknowledged,
  deletedRecord,
  markInDoubt,
  readStaged,
  recordAcknowledged,
  recordAcknowledgedRanges,
  seqRanges,
} from './staged.js';
export { planDiff } from './planDiff.js';
export { firstModelRecord } from './sampleRecord.js';
export { changedFields, previewDiff } from './previewDiff.js';
export { resetState } from './resetState.js';
export { DEFAULT_STATE_SCHEMA, stateTables, type SyncStateRef } from './stateTables.js';
export type * from './types.js';
