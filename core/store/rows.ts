import { randomUUID } from 'node:crypto';
import { nameTaken } from '../errors.js';

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

/** Whether a SQLite error is a unique-constraint violation (a taken name). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs `write` (an insert or update of a named row): a unique violation, the name another `what`
 * already has, becomes the CONFLICT error naming it; any other error is rethrown as it is.
 */
export function writeNamed(what: string, name: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(what, name);
    throw error;
  }
}
