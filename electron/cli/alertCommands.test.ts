import { expect, test } from 'vitest';
import { startLoopbackApi } from '../../core/testing/loopbackApi.js';
import { startMirrorReceiver } from '../../core/testing/mirrorReceiver.js';
import { startSlackWebhookStandIn } from '../../core/testing/slackWebhookStandIn.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { ebbJson, usersModel } from './testing/cliHarness.js';

const ebb = ebbJson;

test('ebb alert add|list|test|remove and ebb alerts SYNC: a failed run is alerted to Slack and a webhook', async () => {
  const { home, cleanup } = tempHome('ebb-cli-alerts-');
  const mirror = await startMirrorReceiver();
  const slack = await startSlackWebhookStandIn();
  const hook = await startLoopbackApi(() => ({ status: 200, json: {} }));
  try {
    await usersModel(home, 5);
    await ebb(home, 'destination', 'add', 'hook', '--type', 'webhook', '--url', mirror.url);
    await ebb(home, 'sync', 'add', 's', '--model', 'm', '--destination', 'hook');

    const failure = await ebb(
      home,
      ...['alert', 'add', 's', '--on', 'failure'],
      ...['--slack', slack.webhookUrl, '--webhook', `${hook.url}/alerts`],
    );
    expect(failure).toMatchObject({
      code: 0,
      json: { sync: 's', kind: 'failure', threshold: null, slack: `${slack.url}/****` },
    });
    const rate = await ebb(home, 'alert', 'add', 's', '--on', 'failure-rate', '--above', '25%');
    expect(rate.json).toMatchObject({ kind: 'failure-rate', threshold: 0.25 });
    const idle = await ebb(home, 'alert', 'add', 's', '--on', 'idle', '--runs', '3');
    expect(idle.json).toMatchObject({ kind: 'idle', threshold: 3 });

    // Usage errors: exit 2 with the usage named.
    const misplaced = await ebb(home, 'alert', 'add', 's', '--on', 'failure', '--above', '5');
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--above is for --on failure-rate/);
    expect((await ebb(home, 'alert', 'add', 's', '--on', 'sometimes')).code).toBe(2);
    const noThreshold = await ebb(home, 'alert', 'add', 's', '--on', 'failure-rate');
    expect(noThreshold).toMatchObject({ code: 1, json: { error: { code: 'INVALID_ARGUMENT' } } });

    const listed = await ebb(home, 'alert', 'list', 's');
    expect((listed.json.rules as { kind: string }[]).map((r) => r.kind)).toEqual([
      'failure',
      'failure-rate',
      'idle',
    ]);
    expect(JSON.stringify(listed.json)).not.toContain('s3cret');

    mirror.refuse = new Set(['0', '1', '2', '3', '4']);
    const run = await ebb(home, 'sync', 'run', 's');
    expect(run).toMatchObject({ code: 1, json: { status: 'failed', failed: 5 } });
    const history = await ebb(home, 'alerts', 's');
    const alerts = history.json.alerts as { kind: string; runId: string; deliveries: unknown[] }[];
    expect(alerts.map((a) => [a.kind, a.runId])).toEqual([
      ['failure-rate', run.json.runId],
      ['failure', run.json.runId],
    ]);
    expect(alerts[1]!.deliveries).toMatchObject([
      { channel: 'slack', status: 'delivered' },
      { channel: 'webhook', status: 'delivered' },
    ]);
    expect(slack.messages).toEqual([expect.stringContaining('Sync "s" failed')]);
    expect(hook.requests.map((r) => r.path)).toEqual(['/alerts']);

    // A test through a channel that is gone: recorded as failed, exit 1.
    slack.channelGone = true;
    const tested = await ebb(home, 'alert', 'test', String(failure.json.id));
    expect(tested).toMatchObject({ code: 1, json: { kind: 'test' } });
    expect(tested.json.deliveries).toMatchObject([
      { channel: 'slack', status: 'failed', error: 'HTTP 404: channel_not_found' },
      { channel: 'webhook', status: 'delivered' },
    ]);

    expect(await ebb(home, 'alert', 'remove', String(idle.json.id))).toMatchObject({
      code: 0,
      json: { removed: idle.json.id },
    });
    expect(((await ebb(home, 'alert', 'list')).json.rules as unknown[]).length).toBe(2);
    expect((await ebb(home, 'alerts', 's', '--limit', '1')).json.alerts).toMatchObject([
      { kind: 'test' },
    ]);
  } finally {
    await Promise.all([mirror.close(), slack.close(), hook.close()]);
    cleanup();
  }
});
