/**
 * https://www.braze.com/docs/api/endpoints/user_data/post_user_track/ (Rate limit): 75 objects a
 * request, attributes, events and purchases combined (Ebb sends attributes only).
 */
export const BRAZE_ATTRIBUTES_PER_REQUEST = 75;
/** https://www.braze.com/docs/api/endpoints/user_data/post_user_delete/: up to 50 external_ids a request. */
export const BRAZE_DELETES_PER_REQUEST = 50;
/**
 * https://www.braze.com/docs/api/endpoints/user_data/: every endpoint takes at most 4 MB of data a
 * request, over that 413 Request Entity Too Large. Read as 4,000,000 bytes, the stricter reading.
 */
export const BRAZE_BYTES_PER_REQUEST = 4_000_000;
