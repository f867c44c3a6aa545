import { EbbError } from './errors.js';

/**
 * What the engine needs from its host. Electron implements these with safeStorage and app paths;
 * the CLI and browser mode with files in the home folder.
 */
export interface SecretStore {
  /** Encrypts a secret for storage at rest. */
  seal(plain: string): string;
  /** Decrypts what seal() produced. */
  open(sealed: string): string;
}

/** The clock for billing cycles and schedules; EBB_NOW overrides it in simulations and tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => {
  const fixed = process.env.EBB_NOW;
  if (!fixed) return new Date();
  const now = new Date(fixed);
  // An Invalid Date fails later with "Invalid time value", which names neither cause nor fix.
  if (Number.isNaN(now.getTime())) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `EBB_NOW is "${fixed}", not an ISO 8601 time: set it like 2027-01-20T00:00:00Z, or unset it to use the system clock.`,
    );
  }
  return now;
};
