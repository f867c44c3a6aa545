/**
 * https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/ (Errors): the
 * batch endpoint takes at most 500 KB a request and 32 KB an event; over that it answers 400.
 */
export const SEGMENT_BYTES_PER_REQUEST = 500 * 1024;
export const SEGMENT_BYTES_PER_MESSAGE = 32 * 1024;
/** Messages per send: Segment has no count limit, the byte limits pack them. */
export const SEGMENT_MESSAGES_PER_BATCH = 500;
