/** The product's model and sync limits (DESIGN.md "Limits"), shared by the engine and the editor. */
export const MAX_QUERY_LENGTH = 65_535;
export const MAX_ID_COLUMN_NAME_LENGTH = 191;
export const MAX_TIMESTAMP_COLUMN_NAME_LENGTH = 191;
export const MAX_COLUMNS = 512;
export const MAX_COLUMN_NAME_LENGTH = 128;
/** Bytes of one record rendered as JSON (UTF-8). */
export const MAX_RECORD_JSON_BYTES = 512 * 1024;
/** Bytes of one column value rendered as JSON (UTF-8). */
export const MAX_COLUMN_JSON_BYTES = 128 * 1024;
/** Records one sync run stages at most; the rest wait for the next runs. */
export const DEFAULT_MAX_RECORDS_PER_SYNC = 150_000_000;
/** Shortest time between scheduled runs of one sync. */
export const MIN_SCHEDULE_INTERVAL_MS = 15 * 60 * 1000;
