import { isProcessAlive } from './isProcessAlive.js';
import { processIdentity } from './processIdentity.js';

/**
 * Whether the process that recorded `pid` (and its processIdentity, when it had one) still runs.
 * A pid alone is not enough: after a crash or a reboot it can belong to any other process, which
 * would then hold a home lock or a sync's run forever.
 */
export function processStillRuns(pid: number, identity: string | null | undefined): boolean {
  if (!isProcessAlive(pid)) return false;
  if (identity === null || identity === undefined) return true;
  const now = processIdentity(pid);
  return now === undefined || now === identity;
}
