/** The only two IPC channels between the renderer and the main process. */
export const API_CHANNEL = 'api';
export const EVENT_CHANNEL = 'api:event';
