/** HTTP status for an API error code: the client's fault is 4xx, Ebb's own is 5xx. */
const statuses: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  UNKNOWN_CALL: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RUN_IN_PROGRESS: 409,
  LOCKED: 423,
  PERMISSION_DENIED: 403,
  INTERNAL: 500,
};

export const statusForError = (code: string): number => statuses[code] ?? 422;
