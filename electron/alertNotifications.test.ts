import { expect, test } from 'vitest';
import type { ApiEvent } from '../core/events.js';
import type { AlertRecord } from '../core/ops/alerts/types.js';
import { showAlertNotifications, type NotificationApi } from './alertNotifications.js';

const alert: AlertRecord = {
  id: 'a1',
  syncId: 's1',
  sync: 'users to CRM',
  ruleId: 'r1',
  runId: 'run1',
  kind: 'failure',
  title: 'Sync failed',
  message: 'Sync "users to CRM" failed: the destination answered HTTP 500.',
  level: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  deliveries: [],
};

test('each alert.raised becomes one desktop notification; a click brings the window forward', () => {
  const shown: { title: string; body: string }[] = [];
  const clicks: (() => void)[] = [];
  let supported = true;
  const Notification = class {
    static isSupported = () => supported;
    constructor(private readonly options: { title: string; body: string }) {}
    on(_event: 'click', listener: () => void) {
      clicks.push(listener);
    }
    show() {
      shown.push(this.options);
    }
  } satisfies NotificationApi;
  let listener: ((event: ApiEvent) => void) | undefined;
  let focused = 0;
  const stop = showAlertNotifications(
    (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    Notification,
    () => focused++,
  );
  listener!({ name: 'store.changed', payload: { domain: 'alerts' } });
  listener!({ name: 'alert.raised', payload: alert });
  expect(shown).toEqual([{ title: 'Sync failed: users to CRM', body: alert.message }]);
  clicks[0]!();
  expect(focused).toBe(1);
  supported = false;
  listener!({ name: 'alert.raised', payload: alert });
  expect(shown).toHaveLength(1);
  stop();
  expect(listener).toBeUndefined();
});
