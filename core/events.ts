import type { AlertRecord } from './ops/alerts/types.js';
import type { RunSummary } from './types.js';

/** Push events from the engine to every open window. */
export interface ApiEvents {
  'store.changed': {
    domain: 'warehouses' | 'models' | 'destinations' | 'syncs' | 'usage' | 'alerts';
  };
  /** An alert was raised (shown as a desktop notification); its deliveries may still be pending. */
  'alert.raised': AlertRecord;
  'run.finished': RunSummary;
  'run.progress': {
    runId: string;
    syncId: string;
    sync: string;
    phase: 'extract' | 'diff' | 'load' | 'commit' | 'done';
    changes: { new: number; updated: number; deleted: number } | null;
    delivered: number;
    failed: number;
    done: number;
    total: number | null;
  };
}
export type EventName = keyof ApiEvents;
export type ApiEvent = { [E in EventName]: { name: E; payload: ApiEvents[E] } }[EventName];
