import type { ChangeOp, SyncMode } from '../types.js';

/**
 * Which changes each mode sends. A change a mode does not send is still committed to state, so
 * an update-only sync's first run records the baseline instead of seeing every row as new forever.
 */
export const SYNC_MODES: Record<SyncMode, { label: string; sends: Record<ChangeOp, boolean> }> = {
  upsert: {
    label: 'Upsert (new and updated)',
    sends: { new: true, updated: true, deleted: false },
  },
  insert: { label: 'Insert (new only)', sends: { new: true, updated: false, deleted: false } },
  update: { label: 'Update (updated only)', sends: { new: false, updated: true, deleted: false } },
  mirror: {
    label: 'Mirror (new, updated and deleted)',
    sends: { new: true, updated: true, deleted: true },
  },
};

export const modeSends = (mode: SyncMode, op: ChangeOp): boolean => SYNC_MODES[mode].sends[op];
