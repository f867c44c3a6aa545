import type { RunStatus } from '../types.js';

/** The status a finished run reports, from what happened to its changes. */
export function finalStatus(outcome: {
  error: boolean;
  cancelled: boolean;
  paused: boolean;
  delivered: number;
  failed: number;
}): RunStatus {
  if (outcome.error) return 'failed';
  if (outcome.cancelled) return 'cancelled';
  if (outcome.paused) return 'paused';
  if (outcome.failed === 0) return 'succeeded';
  return outcome.delivered > 0 ? 'partial' : 'failed';
}
