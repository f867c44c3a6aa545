import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCore } from '../../createCore.js';
import type { ApiEvent } from '../../events.js';
import { STORE_FILE } from '../../store/openStore.js';
import { startTestPostgres, type TestPostgres } from '../../testing/embeddedPostgres.js';
import { startLoopbackApi, type ApiAnswer } from '../../testing/loopbackApi.js';
import { startSlackWebhookStandIn } from '../../testing/slackWebhookStandIn.js';
import { opsFixture } from '../../testing/opsFixture.js';
import { runningRun } from '../../testing/runningRun.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

/**
 * The sync `mirror` of `users` (40 rows) to a webhook receiver that mirrors what it holds (and refuses the
 * ids in `mirror.refuse`), a Slack incoming webhook stand-in, and a generic webhook receiver.
 */
async function setUp(kind: 'duckdb' | 'postgres', db: string, schedule?: string) {
  const { core, home, call, wh, mirror, advance, close } = await opsFixture(
    kind,
    db,
    { retrySyncs: 100 },
    (name) => server.createDatabase(name),
  );
  const events: ApiEvent[] = [];
  core.subscribe((event) => events.push(event));
  const slack = await startSlackWebhookStandIn();
  let hookAnswer: ApiAnswer = { status: 204 };
  const hook = await startLoopbackApi(() => hookAnswer);
  if (schedule) await call('syncs.update', { sync: 'mirror', schedule });
  const scheduler = core.createScheduler(() => undefined);
  return {
    home,
    call,
    wh,
    mirror,
    slack,
    hook,
    events,
    answerHook: (answer: ApiAnswer) => (hookAnswer = answer),
    run: () => call('syncs.run', { sync: 'mirror' }),
    history: async () => (await call('alerts.history', { sync: 'mirror' })).reverse(),
    /** One scheduled run, an hour after the last. */
    async scheduledRun() {
      advance(1 / 24);
      const runs = await scheduler.tick();
      expect(runs.map((r) => r.trigger)).toEqual(['schedule']);
      return runs[0]!;
    },
    advanceDays: advance,
    async close() {
      scheduler.stop();
      await Promise.all([slack.close(), hook.close()]);
      await close();
    },
  };
}

const rename = (from: number, to: number, name: string) =>
  `update users set name = '${name} ' || user_id where user_id between ${from} and ${to}`;

describe('alerts on duckdb', () => {
  test('failure and failure rate fire exactly when their condition holds, to Slack and a webhook', async () => {
    const t = await setUp('duckdb', 'alerts_a');
    try {
      await t.call('alerts.add', {
        sync: 'mirror',
        kind: 'failure',
        slack: t.slack.webhookUrl,
        webhook: `${t.hook.url}/ebb-alerts`,
      });
      await t.call('alerts.add', { sync: 'mirror', kind: 'failure-rate', threshold: 0.1 });

      // Everything delivered: nothing fires, nothing is posted.
      expect(await t.run()).toMatchObject({ status: 'succeeded', delivered: 40 });
      expect(await t.history()).toEqual([]);

      // 1 of 10 failed: exactly 10%, not above the threshold; partial is not a failure.
      t.mirror.refuse = new Set(['1']);
      await t.wh.sql(rename(1, 10, 'a'));
      expect(await t.run()).toMatchObject({ status: 'partial', delivered: 9, failed: 1 });
      expect(await t.history()).toEqual([]);

      // 2 of 11 (10 changed, 1 retried): 18.2% > 10%: the failure rate fires, not the failure.
      t.mirror.refuse = new Set(['11', '12']);
      await t.wh.sql(rename(11, 20, 'b'));
      const partial = await t.run();
      expect(partial).toMatchObject({ status: 'partial', delivered: 9, failed: 2 });
      let history = await t.history();
      expect(history.map((a) => [a.kind, a.runId, a.message])).toEqual([
        [
          'failure-rate',
          partial.runId,
          'Sync "mirror": 18.2% of 11 records failed (2), above the 10% threshold.',
        ],
      ]);
      expect(history[0]!.deliveries).toEqual([]);

      // Every record refused: a failed run fires both; the failure goes to Slack and the webhook.
      t.mirror.refuse = new Set(Array.from({ length: 40 }, (_, i) => String(i + 1)));
      await t.wh.sql(rename(21, 30, 'c'));
      const failed = await t.run();
      expect(failed).toMatchObject({ status: 'failed', delivered: 0, failed: 12 });
      history = await t.history();
      expect(history.map((a) => a.kind)).toEqual(['failure-rate', 'failure', 'failure-rate']);
      const failure = history.find((a) => a.kind === 'failure')!;
      expect(failure.runId).toBe(failed.runId);
      expect(failure.message).toMatch(/^Sync "mirror" failed: /);
      expect(failure.deliveries).toEqual([
        expect.objectContaining({ channel: 'slack', status: 'delivered', attempts: 1 }),
        expect.objectContaining({ channel: 'webhook', status: 'delivered', attempts: 1 }),
      ]);
      expect(t.slack.messages).toEqual([`:rotating_light: Ebb alert: ${failure.message}`]);
      expect(t.hook.requests.map((r) => [r.method, r.path, r.headers['content-type']])).toEqual([
        ['POST', '/ebb-alerts', 'application/json'],
      ]);
      expect(JSON.parse(t.hook.requests[0]!.body)).toEqual({
        type: 'ebb.alert',
        id: failure.id,
        kind: 'failure',
        sync: 'mirror',
        syncId: failure.syncId,
        runId: failed.runId,
        level: null,
        message: failure.message,
        createdAt: failure.createdAt,
      });
      // The app was told each time (its desktop notification), with the record.
      expect(t.events.filter((e) => e.name === 'alert.raised').map((e) => e.payload.kind)).toEqual([
        'failure-rate',
        'failure',
        'failure-rate',
      ]);

      // Nothing attempted: no failure rate, no failure.
      t.mirror.refuse.clear();
      await t.run();
      const quiet = await t.run();
      expect(quiet).toMatchObject({ status: 'succeeded', delivered: 0, failed: 0 });
      expect((await t.history()).length).toBe(3);
    } finally {
      await t.close();
    }
  });

  test('idle fires when the K-th scheduled run in a row sent nothing, once per streak', async () => {
    const t = await setUp('duckdb', 'alerts_b', '1h');
    try {
      await t.call('alerts.add', {
        sync: 'mirror',
        kind: 'idle',
        threshold: 2,
        webhook: t.hook.url,
      });
      expect(await t.scheduledRun()).toMatchObject({ delivered: 40 });
      expect(await t.scheduledRun()).toMatchObject({ delivered: 0 }); // streak 1
      await t.run(); // a manual run is not a scheduled one
      expect(await t.history()).toEqual([]);
      const second = await t.scheduledRun(); // streak 2: fires
      let history = await t.history();
      expect(history.map((a) => [a.kind, a.runId, a.message])).toEqual([
        ['idle', second.runId, 'Sync "mirror" sent nothing in its last 2 scheduled runs.'],
      ]);
      expect(history[0]!.deliveries).toMatchObject([{ channel: 'webhook', status: 'delivered' }]);
      await t.scheduledRun(); // streak 3: already told
      expect((await t.history()).length).toBe(1);

      await t.wh.sql(rename(1, 1, 'x'));
      expect(await t.scheduledRun()).toMatchObject({ delivered: 1 }); // the streak ends
      await t.scheduledRun(); // streak 1
      expect((await t.history()).length).toBe(1);
      const again = await t.scheduledRun(); // streak 2: fires again
      history = await t.history();
      expect(history.map((a) => a.runId)).toEqual([second.runId, again.runId]);
      expect(t.hook.requests.length).toBe(2);
    } finally {
      await t.close();
    }
  });

  test('plan usage fires at 80% and at 100%, once each per billing cycle', async () => {
    const t = await setUp('duckdb', 'alerts_c');
    try {
      await t.call('plan.set', { plan: 'custom', limit: 100, cycleDay: 1 });
      await t.call('alerts.add', { sync: 'mirror', kind: 'plan-usage', slack: t.slack.webhookUrl });
      // Another sync that never runs: usage is the plan's, so it is told when mirror crosses.
      await t.call('syncs.add', { name: 'other', model: 'users', destination: 'hook' });
      await t.call('alerts.add', { sync: 'other', kind: 'plan-usage' });
      const othersLevels = async () =>
        (await t.call('alerts.history', { sync: 'other' })).map((a) => a.level).reverse();
      await t.run(); // 40 of 100
      expect(await t.history()).toEqual([]);
      await t.wh.sql(rename(1, 39, 'a'));
      await t.run(); // 79
      expect(await t.history()).toEqual([]);
      await t.wh.sql(rename(1, 1, 'b'));
      await t.run(); // 80: fires
      await t.wh.sql(rename(1, 10, 'c'));
      await t.run(); // 90: 80% already told
      let history = await t.history();
      expect(history.map((a) => [a.kind, a.level, a.message])).toEqual([
        [
          'plan-usage',
          80,
          expect.stringMatching(/^Usage reached 80% of the plan \(80 of 100 records this cycle;/),
        ],
      ]);
      await t.wh.sql(rename(1, 20, 'd'));
      expect(await t.run()).toMatchObject({ status: 'paused', delivered: 10 }); // 100: fires
      expect(await t.run()).toMatchObject({ status: 'paused', delivered: 0 }); // still 100
      history = await t.history();
      expect(history.map((a) => a.level)).toEqual([80, 100]);
      expect(history[1]!.message).toMatch(/^Usage reached 100% of the plan \(100 of 100 records/);
      expect(t.slack.messages.length).toBe(2);
      expect(await othersLevels()).toEqual([80, 100]);

      // A new cycle starts from nothing: 80% fires again there.
      t.advanceDays(31);
      await t.wh.sql(rename(1, 40, 'e'));
      await t.run(); // 40 (the 10 pending + 30 more changed)
      await t.wh.sql(rename(1, 40, 'f'));
      await t.run(); // 80
      expect((await t.history()).map((a) => a.level)).toEqual([80, 100, 80]);
      expect(await othersLevels()).toEqual([80, 100, 80]);
    } finally {
      await t.close();
    }
  });

  test('a delivery that fails is recorded in the history with its reason, and never fails the sync', async () => {
    const t = await setUp('duckdb', 'alerts_d');
    try {
      t.slack.channelGone = true;
      t.answerHook({ status: 500, text: 'receiver down' });
      const rule = await t.call('alerts.add', {
        sync: 'mirror',
        kind: 'failure',
        slack: t.slack.webhookUrl,
        webhook: `${t.hook.url}/alerts?token=hook-secret-123`,
      });
      // The URLs hold tokens: shown masked, never in the clear.
      expect(rule).toMatchObject({ slack: `${t.slack.url}/****`, webhook: `${t.hook.url}/****` });
      expect(JSON.stringify(await t.call('alerts.rules', {}))).not.toMatch(/s3cret|hook-secret/);

      t.mirror.refuse = new Set(Array.from({ length: 40 }, (_, i) => String(i + 1)));
      const run = await t.run();
      expect(run).toMatchObject({ status: 'failed', failed: 40 });
      const [alert] = await t.history();
      expect(alert!.deliveries).toEqual([
        expect.objectContaining({
          channel: 'slack',
          status: 'failed',
          attempts: 1,
          error: 'HTTP 404: channel_not_found',
        }),
        // A 5xx is retried (3 attempts), then recorded.
        expect.objectContaining({
          channel: 'webhook',
          status: 'failed',
          attempts: 3,
          error: 'HTTP 500: receiver down',
        }),
      ]);
      expect(t.hook.requests.length).toBe(3);
      expect(JSON.stringify(alert)).not.toMatch(/s3cret|hook-secret/);
      // The run's own record is untouched by the alert's fate.
      expect((await t.call('runs.list', { sync: 'mirror' }))[0]).toMatchObject({
        runId: run.runId,
        status: 'failed',
      });

      // A test alert through the fixed channels is delivered and recorded as a test.
      t.slack.channelGone = false;
      t.answerHook({ status: 200, json: {} });
      const tested = await t.call('alerts.test', { rule: rule.id });
      expect(tested).toMatchObject({ kind: 'test', runId: null });
      expect(tested.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
      expect(t.slack.messages).toEqual([expect.stringContaining('Test alert for sync "mirror"')]);

      // Rules are removed by id; the history stays.
      await t.call('alerts.remove', { rule: rule.id });
      expect(await t.call('alerts.rules', { sync: 'mirror' })).toEqual([]);
      await t.run();
      expect((await t.history()).length).toBe(2);
      await expect(t.call('alerts.remove', { rule: rule.id })).rejects.toThrow(/no alert rule/);
    } finally {
      await t.close();
    }
  });

  test('a run a crash left running is a failed run to the rules when Ebb next opens the home', async () => {
    const t = await setUp('duckdb', 'alerts_f');
    try {
      await t.call('alerts.add', { sync: 'mirror', kind: 'failure', webhook: t.hook.url });
      const [sync] = await t.call('syncs.list', {});
      // What a process killed mid-run leaves in the store: a run still marked running.
      const crashed = runningRun({
        runId: 'crashed-run',
        sync: 'mirror',
        syncId: sync!.id,
        trigger: 'schedule',
        extracted: 40,
        startedAt: '2026-12-01T09:00:00.000Z',
      });
      const raw = new Database(path.join(t.home, STORE_FILE));
      raw
        .prepare(
          `insert into runs (id, sync_id, status, trigger, pid, summary, started_at) values (?, ?, 'running', 'schedule', null, ?, ?)`,
        )
        .run(crashed.runId, crashed.syncId, JSON.stringify(crashed), crashed.startedAt);
      raw.close();

      const reopened = createCore({
        home: t.home,
        resourcesDir: path.resolve('resources'),
        host: 'cli',
      });
      try {
        await reopened.settle();
        const answer = await reopened.dispatch('alerts.history', { sync: 'mirror' });
        expect(answer).toMatchObject({
          ok: true,
          data: [
            {
              kind: 'failure',
              runId: 'crashed-run',
              message: expect.stringContaining('Ebb stopped during this run'),
              deliveries: [{ channel: 'webhook', status: 'delivered' }],
            },
          ],
        });
        expect(t.hook.requests.length).toBe(1);
      } finally {
        reopened.close();
      }
      // Closed once: opening the home again raises nothing more.
      const again = createCore({
        home: t.home,
        resourcesDir: path.resolve('resources'),
        host: 'cli',
      });
      await again.settle();
      again.close();
      expect((await t.history()).length).toBe(1);
    } finally {
      await t.close();
    }
  });

  test('rules are checked: a threshold where the kind needs one, http(s) channels only', async () => {
    const t = await setUp('duckdb', 'alerts_e');
    try {
      await expect(t.call('alerts.add', { sync: 'mirror', kind: 'failure-rate' })).rejects.toThrow(
        /threshold between 0 and 1/,
      );
      await expect(
        t.call('alerts.add', { sync: 'mirror', kind: 'idle', threshold: 1.5 }),
      ).rejects.toThrow(/whole number of scheduled runs/);
      await expect(
        t.call('alerts.add', { sync: 'mirror', kind: 'failure', threshold: 3 }),
      ).rejects.toThrow(/takes no threshold/);
      await expect(
        t.call('alerts.add', { sync: 'mirror', kind: 'failure', slack: 'file:///etc/passwd' }),
      ).rejects.toThrow(/http\(s\) URL/);
      await expect(t.call('alerts.add', { sync: 'nope', kind: 'failure' })).rejects.toThrow();
    } finally {
      await t.close();
    }
  });
});

describe('alerts on postgres', () => {
  test('a failed run fires the failure rule (and a good one does not), delivered to Slack', async () => {
    const t = await setUp('postgres', 'alerts_pg');
    try {
      await t.call('alerts.add', { sync: 'mirror', kind: 'failure', slack: t.slack.webhookUrl });
      expect(await t.run()).toMatchObject({ status: 'succeeded', delivered: 40 });
      expect(await t.history()).toEqual([]);
      t.mirror.refuse = new Set(['1', '2', '3']);
      await t.wh.sql(rename(1, 3, 'a'));
      const failed = await t.run();
      expect(failed).toMatchObject({ status: 'failed', failed: 3 });
      const history = await t.history();
      expect(history.map((a) => [a.kind, a.runId])).toEqual([['failure', failed.runId]]);
      expect(history[0]!.deliveries).toMatchObject([{ channel: 'slack', status: 'delivered' }]);
      expect(t.slack.messages).toEqual([`:rotating_light: Ebb alert: ${history[0]!.message}`]);
    } finally {
      await t.close();
    }
  });
});
