import { EbbError } from '../../errors.js';

/**
 * The destination refused the credential (HTTP 401/403, a wrong password). Thrown, not reported
 * per record: the engine stops the run, counts nothing of the batch as delivered or failed, meters
 * nothing, and the rest of the staged records stay pending. The message names the setting to fix.
 */
export class DestinationAuthError extends EbbError {
  constructor(
    /** The settings key holding the refused credential (e.g. `apiKey`, `headers`). */
    readonly setting: string,
    message: string,
  ) {
    super('DESTINATION_AUTH', message);
    this.name = 'DestinationAuthError';
  }
}

export const isDestinationAuthError = (error: unknown): error is EbbError =>
  error instanceof EbbError && error.code === 'DESTINATION_AUTH';
