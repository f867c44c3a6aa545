import { EbbError } from '../errors.js';

/**
 * How a sealed value says who sealed it. Both kinds can sit side by side in one config store:
 * the app seals with the OS keychain when it has one, the CLI and browser mode with the key file.
 */
export const FILE_KEY_PREFIX = 'k1:';
export const SAFE_STORAGE_PREFIX = 's1:';

export const isSealedWithFileKey = (sealed: string): boolean => sealed.startsWith(FILE_KEY_PREFIX);
export const isSealedWithSafeStorage = (sealed: string): boolean =>
  sealed.startsWith(SAFE_STORAGE_PREFIX);

/** The error a host without the OS keychain gives for a secret the desktop app sealed with it. */
export function sealedByAppError(): EbbError {
  return new EbbError(
    'SECRET_UNAVAILABLE',
    'This secret was saved by the desktop app with the OS keychain, which only the app can read. ' +
      'Open Ebb (the desktop app) to use it, or re-enter it with the CLI.',
  );
}
