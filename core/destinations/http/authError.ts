import { EbbError } from '../../errors.js';

/**
 * The destination refused the credential (HTTP 401/403, a wrong password). Thrown, not reported
 * per record: the engine stops the run, counts nothing of the batch as delivered or failed, meters
 * nothing, and the rest of the staged records stay pending. The message names the setting to fix.
 */
export class DestinationAuthError extends EbbError {
  /**
   * An earlier attempt of the same request reached the service and got no usable answer: it may
   * have been applied before the credential was refused, so the batch stays in doubt.
   */
  mayHaveApplied = false;

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

/** Whether a refused credential came after an attempt the service may have applied. */
export const authErrorMayHaveApplied = (error: unknown): boolean =>
  error instanceof DestinationAuthError && error.mayHaveApplied;
