import { useApiEvent } from '../api/ApiContext';
import { useToast } from '../components/Toasts';

/**
 * Each alert the engine raises: a toast in the app, and in browser mode a desktop notification
 * through the Notification API once the user allowed it (the Alerts tab asks). In the desktop
 * app, the main process shows Electron's own notification (electron/alertNotifications.ts).
 */
export function useAlertNotifications() {
  const toast = useToast();
  useApiEvent('alert.raised', (alert) => {
    toast(
      {
        tone: alert.kind === 'test' ? 'info' : 'error',
        title: `${alert.title}: ${alert.sync}`,
        body: alert.message,
      },
      10_000,
    );
    if (!window.bridge && browserNotifications() === 'granted')
      new Notification(`${alert.title}: ${alert.sync}`, { body: alert.message, tag: alert.id });
  });
}

/** The browser's notification permission; null where there is none (or in the desktop app). */
export function browserNotifications(): NotificationPermission | null {
  if (window.bridge || typeof Notification === 'undefined') return null;
  return Notification.permission;
}
