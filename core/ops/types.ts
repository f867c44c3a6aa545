import type { ParkedRecord } from './retryPolicy.js';
import type { SyncOps } from './syncOpsRepo.js';

export type { ParkedRecord, SyncOps };

/** `ebb quarantine NAME`: the parked records and the policy that parked them. */
export interface Quarantine {
  sync: string;
  policy: { retrySyncs: number; retryDays: number };
  /** Refused records still being retried (not parked yet). */
  retrying: number;
  records: ParkedRecord[];
}
