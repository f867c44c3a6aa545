import { createHash } from 'node:crypto';
import type { FieldMapping } from '../types.js';
import type { DestinationRow } from '../store/destinationsRepo.js';

/**
 * Settings that say where a destination's records live (another folder, URL, table or object
 * holds none of what was delivered before). Tuning (batch size, rate, time-outs) and secrets are
 * not among them: changing those keeps state. Never rename or drop a key here: the signature
 * would change and every sync would start fresh.
 */
const LOCATION_KEYS = [
  'path',
  'format',
  'url',
  'schema',
  'table',
  'endpoint',
  'instanceUrl',
  'object',
  'idProperty',
  'externalIdField',
  'call',
  'event',
] as const;

/**
 * What a sync's state describes: which destination (and where in it) the records were delivered
 * to, and through which field mapping. State kept for another target starts fresh (planDiff).
 */
export function stateTarget(destination: DestinationRow, mapping: FieldMapping | null): string {
  let location: Record<string, unknown> = {};
  try {
    const config = destination.config as Record<string, unknown>;
    location = Object.fromEntries(
      LOCATION_KEYS.filter((key) => config[key] !== undefined).map((key) => [key, config[key]]),
    );
  } catch {
    // Sealed settings that cannot be opened: the run says so; the target is the destination.
  }
  return createHash('sha256')
    .update(JSON.stringify({ destination: destination.id, location, mapping }))
    .digest('hex')
    .slice(0, 24);
}
