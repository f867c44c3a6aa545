import { expect, test } from 'vitest';
import { startScriptedReceiver, type ScriptedReceiver } from '../testing/scriptedReceiver.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
let receiver: ScriptedReceiver | undefined;
closeAfterEach(() => [receiver, fixture]);

const ROWS = 500;
const allIds = () => Array.from({ length: ROWS }, (_, i) => String(i));

test('a refused credential fails the run at once, naming the setting; nothing is metered and the rest stays pending', async () => {
  fixture = await syncFixture(ROWS);
  const { call } = fixture;
  receiver = await startScriptedReceiver((_index, _ids) => ({ kind: 'ok' }));
  const wrong = await startScriptedReceiver(() => ({
    kind: 'status',
    status: 401,
    headers: { 'content-type': 'application/json' },
    body: '{"error":"invalid token Bearer wrong-token-1234"}',
  }));
  try {
    await call('destinations.add', {
      name: 'hook',
      config: {
        type: 'webhook',
        url: wrong.url,
        headers: { Authorization: 'Bearer wrong-token-1234' },
        batchSize: 50,
        concurrency: 2,
      },
    });
    await call('syncs.add', { name: 'to hook', model: 'users', destination: 'hook' });
    const failed = await call('syncs.run', { sync: 'to hook' });
    expect(failed).toMatchObject({ status: 'failed', delivered: 0, failed: 0, pending: ROWS });
    expect(failed.message).toMatch(
      /refused the credentials.*"Authorization" header \(setting headers\)/,
    );
    expect(failed.message).not.toContain('wrong-token-1234');
    // Fail fast: no retry of the 401, no further batch once it came back (at most one per slot).
    expect(wrong.requests.length).toBeLessThanOrEqual(2);
    const usage = await call('usage.get', {});
    expect(usage.used).toBe(0);
  } finally {
    await wrong.close();
  }

  // Fixed in place (the secret re-entered, the URL changed): the next run sends everything.
  await call('destinations.update', {
    destination: 'hook',
    settings: { url: receiver.url, headers: { Authorization: 'Bearer right' } },
  });
  const fixed = await call('syncs.run', { sync: 'to hook' });
  expect(fixed).toMatchObject({ status: 'succeeded', delivered: ROWS, failed: 0, pending: 0 });
  expect([...new Set(receiver.accepted)].sort()).toEqual(allIds().sort());
  expect(receiver.requests.every((r) => r.headers.authorization === 'Bearer right')).toBe(true);
  expect((await call('usage.get', {})).used).toBe(ROWS);
});

test('a black-holed webhook ends the run at its deadline; what was in flight is sent again by the next run', async () => {
  fixture = await syncFixture(ROWS, { runDeadlineMs: 5000 });
  const { call } = fixture;
  let blackHole = true;
  receiver = await startScriptedReceiver(() => (blackHole ? { kind: 'hang' } : { kind: 'ok' }));
  // Defaults: 30 s per request, 6 attempts; without a deadline one batch would hold for minutes.
  await call('destinations.add', {
    name: 'hook',
    config: { type: 'webhook', url: receiver.url, batchSize: 50, concurrency: 2 },
  });
  await call('syncs.add', { name: 'to hook', model: 'users', destination: 'hook' });
  const started = performance.now();
  const stopped = await call('syncs.run', { sync: 'to hook' });
  const tookMs = performance.now() - started;
  expect(stopped.status).toBe('failed');
  expect(stopped.message).toMatch(/deadline of 5 s and stopped sending/);
  expect(stopped.delivered).toBe(0);
  expect(tookMs).toBeLessThan(20_000);
  expect(receiver.requests.length).toBeGreaterThan(0);

  blackHole = false;
  const next = await call('syncs.run', { sync: 'to hook' });
  expect(next.status).toBe('succeeded');
  expect([...new Set(receiver.accepted)].sort()).toEqual(allIds().sort());
});
