// The API's shapes live below the API layer (core/types.ts); the renderer imports them from here.
export type * from '../types.js';
export type * from '../ops/alerts/types.js';
