/**
 * Every error code Ebb answers with, in one list: the hosts map them to statuses
 * (electron/http/statusForError.ts), the CLI prints them in `--json` errors, and a code not
 * listed here does not compile.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_CALL',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  'WAREHOUSE_ERROR',
  /** The warehouse refused the model's SQL (its own message follows). */
  'SQL_ERROR',
  /** The model is not one SELECT (or WITH …) query. */
  'NOT_A_QUERY',
  /** The model's identifier column is not among its columns. */
  'ID_COLUMN_MISSING',
  /** A saved model breaks a limit, so nothing runs until it is fixed. */
  'MODEL_HAS_PROBLEMS',
  'INVALID_MODEL',
  'DESTINATION_ERROR',
  /** The destination refused the credentials (401/403). */
  'DESTINATION_AUTH',
  /** The destination could not be reached at all. */
  'DESTINATION_UNREACHABLE',
  /** A file destination's folder is not there yet (the form offers to create it). */
  'FOLDER_MISSING',
  'PERMISSION_DENIED',
  'STORE_TOO_NEW',
  'STORE_DAMAGED',
  /** The home folder or the key file can be read by other users. */
  'UNSAFE_HOME',
  'UNSAFE_KEY_FILE',
  /** A stored secret cannot be decrypted here (another machine's key, a missing keyring). */
  'SECRET_UNAVAILABLE',
  'RUN_IN_PROGRESS',
  /** A run passed its deadline and stopped; what was acknowledged is kept. */
  'RUN_DEADLINE',
  /** The analyst stopped the work (a preview or a run cancelled). */
  'CANCELLED',
  'LIMIT_EXCEEDED',
  'RESERVED_FIELD_NAME',
  /** Browser mode's --port is taken by another program (or needs privileges Ebb lacks). */
  'PORT_IN_USE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(ERROR_CODES);

/** A code read off the wire (an answer from another host) as an ErrorCode; unknown ones are INTERNAL. */
export const asErrorCode = (code: string): ErrorCode =>
  known.has(code) ? (code as ErrorCode) : 'INTERNAL';

/** An error meant for the user: its message says what happened and how to fix it. */
export class EbbError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'EbbError';
    this.code = code;
  }
}

export const notFound = (what: string, ref: string, listHint: string): EbbError =>
  new EbbError('NOT_FOUND', `No ${what} named "${ref}". ${listHint}`);

export const nameTaken = (what: string, name: string): EbbError =>
  new EbbError('CONFLICT', `A ${what} named "${name}" already exists. Choose another name.`);

/** Refuses to delete something others still use (`usedBy`), naming them and what to do. */
export function refuseWhileUsed(
  what: string,
  users: string,
  usedBy: readonly { name: string }[],
  fix: string,
): void {
  if (usedBy.length === 0) return;
  const names = usedBy.map((user) => `"${user.name}"`).join(', ');
  throw new EbbError('CONFLICT', `The ${what} is used by ${users} ${names}. ${fix}`);
}
