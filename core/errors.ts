/** Error codes every host understands; the HTTP host maps them to statuses. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_CALL'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LOCKED'
  | 'WAREHOUSE_ERROR'
  | 'DESTINATION_ERROR'
  /** A file destination's folder is not there yet (the form offers to create it). */
  | 'FOLDER_MISSING'
  | 'PERMISSION_DENIED'
  | 'STORE_TOO_NEW'
  | 'RUN_IN_PROGRESS'
  | 'LIMIT_EXCEEDED'
  | 'RESERVED_FIELD_NAME'
  | 'INTERNAL'
  | (string & {});

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
