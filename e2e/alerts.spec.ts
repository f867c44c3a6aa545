import { expect, screenshot, test } from './fixtures';
import { startReceiver, webhookGivingUpAtOnce } from './receiver';
import { openSyncs, syncNow } from './screens';
import { addDestination, addModel, addSync, firstUsers } from './seed';

test('a failing run (the webhook destination answers 500) shows its alerts in the sync’s alert history', async ({
  page,
  app,
}) => {
  const destination = await startReceiver(500, 'down for maintenance', '/hook');
  const alertHook = await startReceiver(200, 'ok', '/ebb-alerts/secret-token');
  // A Slack incoming webhook whose channel was deleted: Slack answers 404 channel_not_found.
  const goneSlack = await startReceiver(404, 'channel_not_found', '/services/T0/B0/secret-token');
  try {
    await addModel(app, 'First users', firstUsers(5));
    await addDestination(app, 'Receiver', webhookGivingUpAtOnce(destination));
    await addSync(app, 'Users to receiver', 'First users', 'Receiver');

    // The browser's Notification API, recorded: permission starts undecided, as in a new profile.
    await page.addInitScript(() => {
      const shown: { title: string; body?: string }[] = [];
      class RecordedNotification {
        static permission: NotificationPermission = 'default';
        static requestPermission() {
          RecordedNotification.permission = 'granted';
          return Promise.resolve(RecordedNotification.permission);
        }
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body });
        }
      }
      Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
    });
    await openSyncs(page, app, 'Users to receiver');
    await page.getByRole('tab', { name: 'Alerts' }).click();
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await expect(alerts.getByText('No alerts for this sync')).toBeVisible();
    await expect(alerts.getByText('No alerts raised yet')).toBeVisible();
    await screenshot(page, 'alerts-empty');

    await alerts.getByRole('button', { name: 'Allow desktop notifications' }).click();
    await expect(alerts.getByRole('button', { name: 'Allow desktop notifications' })).toBeHidden();

    // Rule 1: a failed run, also to a webhook.
    await alerts.getByRole('button', { name: 'Add alert' }).click();
    let form = page.getByRole('form', { name: 'New alert' });
    await form.getByLabel('Alert when').selectOption('failure');
    await form.getByLabel('Webhook (optional)', { exact: true }).fill(alertHook.url);
    await screenshot(page, 'alerts-new-rule');
    await form.getByRole('button', { name: 'Add alert' }).click();
    const rules = page.getByRole('table', { name: 'Alert rules' });
    await expect(rules).toContainText('A run fails');
    await expect(rules).toContainText('Webhook (http://127.0.0.1:');
    await expect(rules).not.toContainText('secret-token');

    // Rule 2: more than 10% failed, to a Slack webhook that is gone; a bad percentage is refused first.
    await alerts.getByRole('button', { name: 'Add alert' }).click();
    form = page.getByRole('form', { name: 'New alert' });
    await form.getByLabel('Alert when').selectOption('failure-rate');
    await form.getByLabel('Percent of records failed').fill('150');
    await form.getByRole('button', { name: 'Add alert' }).click();
    await expect(form.getByRole('alert')).toContainText('between 0 and 100');
    await form.getByLabel('Percent of records failed').fill('10');
    await form.getByLabel('Slack incoming webhook (optional)').fill(goneSlack.url);
    await form.getByRole('button', { name: 'Add alert' }).press('Enter');
    await expect(rules).toContainText("More than 10% of a run's records fail");

    await syncNow(page, 'Sync failed: Users to receiver');
    const history = page.getByRole('table', { name: 'Alert history' });
    await expect(history.getByRole('row')).toHaveCount(3);
    await expect(history).toContainText('Sync failed');
    await expect(history).toContainText('Sync "Users to receiver" failed');
    await expect(history).toContainText('Failure rate above threshold');
    await expect(history).toContainText('100% of 5 records failed');
    await expect(history).toContainText('Webhook delivered');
    await expect(history).toContainText('Slack failed: HTTP 404: channel_not_found');
    await expect(history).toContainText('5 of 5 records failed (first error: ');
    // The toasts (the run's, each alert's) are dismissed so the history shows whole.
    const toasts = page.locator('.toasts');
    while ((await toasts.getByRole('button', { name: 'Dismiss' }).count()) > 0)
      await toasts.getByRole('button', { name: 'Dismiss' }).first().click();
    await expect(history).not.toContainText('secret-token');
    await screenshot(page, 'alerts-history');
    expect(alertHook.bodies).toEqual([
      expect.objectContaining({ type: 'ebb.alert', kind: 'failure', sync: 'Users to receiver' }),
    ]);
    expect(goneSlack.bodies).toEqual([
      { text: expect.stringContaining('100% of 5 records failed') },
    ]);

    // Each alert was also a desktop notification.
    const shown = await page.evaluate(
      () => (window as unknown as { shownNotifications: { title: string }[] }).shownNotifications,
    );
    expect(shown.map((n) => n.title).sort()).toEqual([
      'Failure rate above threshold: Users to receiver',
      'Sync failed: Users to receiver',
    ]);

    // The history is the store's: the CLI's `ebb alerts` reads the same.
    const viaApi = (await app.api('alerts.history', { sync: 'Users to receiver' })) as {
      kind: string;
    }[];
    expect(viaApi.map((a) => a.kind).sort()).toEqual(['failure', 'failure-rate']);
  } finally {
    await Promise.all([destination.close(), alertHook.close(), goneSlack.close()]);
  }
});
