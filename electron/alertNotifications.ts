import type { ApiEvent } from '../core/events.js';

/**
 * What alerts use of Electron's `Notification` (main process): `isSupported()`, `new
 * Notification({title, body})`, `show()` and its `click` event
 * (https://www.electronjs.org/docs/latest/api/notification).
 */
export interface NotificationApi {
  isSupported(): boolean;
  new (options: { title: string; body: string }): {
    on(event: 'click', listener: () => void): unknown;
    show(): void;
  };
}

/**
 * Shows each alert the engine raises (`alert.raised`) as a desktop notification; a click brings
 * the window forward. Answers the unsubscribe.
 */
export function showAlertNotifications(
  subscribe: (listener: (event: ApiEvent) => void) => () => void,
  Notification: NotificationApi,
  onClick: () => void,
): () => void {
  return subscribe((event) => {
    if (event.name !== 'alert.raised' || !Notification.isSupported()) return;
    const alert = event.payload;
    const notification = new Notification({
      title: `${alert.title}: ${alert.sync}`,
      body: alert.message,
    });
    notification.on('click', onClick);
    notification.show();
  });
}
