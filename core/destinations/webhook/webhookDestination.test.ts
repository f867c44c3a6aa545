import { afterEach, describe, expect, test } from 'vitest';
import { webhookSettings } from './settings.js';
import { sleep } from '../results.js';
import type { BatchResult, Change } from '../types.js';
import {
  startScriptedReceiver,
  type Behavior,
  type ScriptedReceiver,
} from '../../testing/scriptedReceiver.js';
import { WebhookDestination, type WebhookDeps } from './webhookDestination.js';

const SECRET = 'Bearer s3cr3t-token-value';
const run = { runId: 'r1', syncName: 'users' };

let receiver: ScriptedReceiver | undefined;
const destinations: WebhookDestination[] = [];
afterEach(async () => {
  await Promise.all(destinations.splice(0).map((d) => d.close()));
  await receiver?.close();
  receiver = undefined;
});

function changes(prefix: string, n: number): Change[] {
  return Array.from({ length: n }, (_, i) => ({
    op: i % 5 === 4 ? 'updated' : 'new',
    id: `${prefix}${i}`,
    record: { id: `${prefix}${i}`, n: i, email: `u${i}@example.com` },
  }));
}

async function setup(
  script: (index: number, ids: string[]) => Behavior,
  extra: Record<string, unknown> = {},
  deps: WebhookDeps = {},
): Promise<{ dest: WebhookDestination; rx: ScriptedReceiver }> {
  const rx = await startScriptedReceiver(script);
  receiver = rx;
  const config = webhookSettings().parse({
    type: 'webhook',
    url: rx.url,
    headers: { Authorization: SECRET },
    timeoutMs: 1000,
    retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
  const dest = new WebhookDestination(config, deps);
  destinations.push(dest);
  await dest.open(run);
  return { dest, rx };
}

/** Every id of the batch is in exactly one list. */
function expectPartition(batch: Change[], result: BatchResult): void {
  const all = [...result.delivered, ...result.failed.map((f) => f.id)].sort();
  expect(all).toEqual(batch.map((c) => c.id).sort());
}

describe('WebhookDestination', () => {
  test('2xx: posts {"batch":[...]} as JSON with the user headers over one kept-alive socket', async () => {
    const { dest, rx } = await setup(() => ({ kind: 'ok' }), { concurrency: 1 });
    const a = changes('a', 3);
    const b = changes('b', 2);
    expect(await dest.send(a)).toEqual({ delivered: ['a0', 'a1', 'a2'], failed: [] });
    expect(await dest.send(b)).toEqual({ delivered: ['b0', 'b1'], failed: [] });
    expect(rx.requests).toHaveLength(2);
    const [first, second] = rx.requests;
    expect(first?.method).toBe('POST');
    expect(first?.url).toBe('/hook');
    expect(first?.headers['content-type']).toBe('application/json');
    expect(first?.headers.authorization).toBe(SECRET);
    expect(JSON.parse(first?.body ?? '')).toEqual({ batch: a });
    expect(second?.remotePort).toBe(first?.remotePort);
    expect(rx.accepted).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
  });

  test('207: the listed ids failed with their message, the rest delivered', async () => {
    const { dest, rx } = await setup(() => ({ kind: 'partial', failIds: ['p1', 'p3'] }));
    const batch = changes('p', 5);
    const result = await dest.send(batch);
    expect(result.delivered).toEqual(['p0', 'p2', 'p4']);
    expect(result.failed).toEqual([
      { id: 'p1', reason: 'bad record p1' },
      { id: 'p3', reason: 'bad record p3' },
    ]);
    expect(rx.accepted).toEqual(result.delivered);
  });

  test('207 without a readable errors list fails the whole batch rather than guess', async () => {
    const { dest } = await setup(() => ({ kind: 'status', status: 207, body: 'not json' }));
    const batch = changes('q', 2);
    const result = await dest.send(batch);
    expect(result.delivered).toEqual([]);
    expect(result.failed[0]?.reason).toMatch(/207.*readable/);
  });

  /** A clock that only moves when the destination sleeps: waits are recorded, not spent. */
  function fakeTime(): { waits: number[]; deps: WebhookDeps; start: number } {
    const start = Date.parse('2025-01-01T00:00:00Z');
    let t = start;
    const waits: number[] = [];
    return {
      waits,
      start,
      deps: {
        now: () => t,
        sleep: async (ms) => {
          waits.push(ms);
          t += ms;
        },
      },
    };
  }

  test('429 with Retry-After in seconds waits that long, then delivers', async () => {
    const time = fakeTime();
    const { dest, rx } = await setup(
      (i) =>
        i === 0 ? { kind: 'status', status: 429, headers: { 'retry-after': '2' } } : { kind: 'ok' },
      {},
      time.deps,
    );
    const batch = changes('r', 4);
    expect(await dest.send(batch)).toEqual({ delivered: batch.map((c) => c.id), failed: [] });
    expect(rx.requests.map((r) => r.behavior)).toEqual(['status', 'ok']);
    expect(time.waits).toEqual([2000]);
  });

  test('Retry-After as an HTTP date is honoured for concurrent batches', async () => {
    const time = fakeTime();
    const { dest, rx } = await setup(
      (i) =>
        i === 0
          ? {
              kind: 'status',
              status: 503,
              headers: { 'retry-after': new Date(time.start + 7000).toUTCString() },
            }
          : { kind: 'ok' },
      { concurrency: 1 },
      time.deps,
    );
    const [first, second] = await Promise.all([
      dest.send(changes('d', 1)),
      (async () => {
        await new Promise((r) => setTimeout(r, 20));
        return dest.send(changes('e', 1));
      })(),
    ]);
    expect(first?.delivered).toEqual(['d0']);
    expect(second?.delivered).toEqual(['e0']);
    expect(time.waits).toContain(7000);
    expect(rx.requests).toHaveLength(3);
  });

  test('a Retry-After beyond the limit fails the batch instead of stalling', async () => {
    const { dest, rx } = await setup(
      () => ({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } }),
      { retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 60_000 } },
    );
    const result = await dest.send(changes('l', 2));
    expect(result.delivered).toEqual([]);
    expect(result.failed[0]?.reason).toMatch(/429.*retry after 3600 s/);
    expect(rx.requests).toHaveLength(1);
  });

  test('5xx, a dropped connection and a time-out are retried until delivered', async () => {
    const fates: Behavior[] = [
      { kind: 'status', status: 500, body: 'boom' },
      { kind: 'drop' },
      { kind: 'hang' },
      { kind: 'status', status: 502 },
      { kind: 'ok' },
    ];
    const { dest, rx } = await setup((i) => fates[i] ?? { kind: 'ok' });
    const batch = changes('x', 3);
    expect(await dest.send(batch)).toEqual({ delivered: ['x0', 'x1', 'x2'], failed: [] });
    expect(rx.requests.map((r) => r.behavior)).toEqual(['status', 'drop', 'hang', 'status', 'ok']);
    expect(rx.accepted).toEqual(['x0', 'x1', 'x2']);
  });

  test('after the last attempt the batch fails with the last problem', async () => {
    const { dest, rx } = await setup(() => ({ kind: 'status', status: 503, body: 'down' }), {
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const result = await dest.send(changes('f', 2));
    expect(result.delivered).toEqual([]);
    expect(result.failed).toHaveLength(2);
    expect(result.failed[0]?.reason).toMatch(/HTTP 503 .*down \(gave up after 3 attempts\)/);
    expect(rx.requests).toHaveLength(3);
  });

  test('other 4xx fail the batch at once with status and body excerpt, secrets scrubbed', async () => {
    const { dest, rx } = await setup(() => ({
      kind: 'status',
      status: 422,
      body: `invalid payload; you sent Authorization: ${SECRET}`,
    }));
    const result = await dest.send(changes('e', 2));
    expect(rx.requests).toHaveLength(1);
    expect(result.delivered).toEqual([]);
    const reason = result.failed[0]?.reason ?? '';
    expect(reason).toMatch(/^HTTP 422 from http:\/\/127\.0\.0\.1:\d+\/hook: invalid payload/);
    expect(reason).not.toContain('s3cr3t');
  });

  test('an abort during a backoff wait or a hanging request rejects promptly', async () => {
    const { dest } = await setup(() => ({ kind: 'hang' }), {
      timeoutMs: 60_000,
    });
    const controller = new AbortController();
    const pending = dest.send(changes('c', 2), controller.signal);
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await expect(pending).rejects.toThrow('run cancelled');

    const waiting = await setup(() => ({ kind: 'status', status: 500 }), {
      retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const c2 = new AbortController();
    const p2 = waiting.dest.send(changes('c', 1), c2.signal);
    setTimeout(() => c2.abort(new Error('stop')), 50);
    await expect(p2).rejects.toThrow('stop');
  });

  test('chaos: with concurrent batches every change is delivered or failed, matching the receiver', async () => {
    // A fixed rotation of fates, so the test is the same on every run.
    const rotation: Behavior['kind'][] = [
      'ok',
      'status',
      'ok',
      'drop',
      'partial',
      'ok',
      'hang',
      'status',
      'ok',
      'partial',
    ];
    const { dest, rx } = await setup(
      (i, ids) => {
        const kind = rotation[i % rotation.length] ?? 'ok';
        if (kind === 'status') {
          return i % 3 === 0
            ? { kind: 'status', status: 429, headers: { 'retry-after': '0' } }
            : { kind: 'status', status: 500 };
        }
        if (kind === 'partial')
          return { kind: 'partial', failIds: ids.filter((_, j) => j % 4 === 0) };
        if (i === 23) return { kind: 'status', status: 400, body: 'nope' };
        return { kind } as Behavior;
      },
      { concurrency: 4, timeoutMs: 1000, retry: { attempts: 8, baseDelayMs: 1, maxDelayMs: 10 } },
    );
    const batches = Array.from({ length: 24 }, (_, b) => changes(`b${b}-`, 25));
    const results = await Promise.all(batches.map((batch) => dest.send(batch)));
    results.forEach((result, i) => expectPartition(batches[i] ?? [], result));
    const delivered = results.flatMap((r) => r.delivered).sort();
    const failed = results.flatMap((r) => r.failed.map((f) => f.id)).sort();
    expect(delivered.length + failed.length).toBe(24 * 25);
    // What the receiver took is exactly what the destination reports delivered, each once.
    expect([...rx.accepted].sort()).toEqual(delivered);
    for (const id of rx.refused) expect(failed).toContain(id);
    expect(failed.length).toBeGreaterThan(0);
  });

  test('rate limit: batches wait for record tokens', async () => {
    const waits: number[] = [];
    const { dest, rx } = await setup(
      () => ({ kind: 'ok' }),
      { ratePerSecond: 10 },
      {
        sleep: (ms, signal) => (waits.push(ms), sleep(Math.min(ms, 5), signal)),
      },
    );
    await dest.send(changes('t', 10));
    await dest.send(changes('u', 10));
    expect(rx.accepted).toHaveLength(20);
    // The first batch spends the one-second burst, the second waits about a second for tokens.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(900);
  });
});

describe('WebhookDestination.testConnection', () => {
  test('sends an empty batch and passes on 2xx', async () => {
    const { dest, rx } = await setup(() => ({ kind: 'ok' }));
    await dest.testConnection();
    expect(rx.requests[0]?.body).toBe('{"batch":[]}');
    expect(rx.accepted).toEqual([]);
  });

  test('401 names the header to check but never its value', async () => {
    const { dest } = await setup(() => ({ kind: 'status', status: 401, body: SECRET }));
    const err = await dest.testConnection().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/answered 401: check the value of the "Authorization" header/);
    expect(err?.message).not.toContain('s3cr3t');
  });

  test('connection refused and unknown hosts are explained', async () => {
    const { dest: _unused, rx } = await setup(() => ({ kind: 'ok' }));
    const url = rx.url;
    await rx.close();
    receiver = undefined;
    const closed = new WebhookDestination(webhookSettings().parse({ type: 'webhook', url }));
    await expect(closed.testConnection()).rejects.toThrow(/connection refused.*host and port/);
    const nowhere = new WebhookDestination(
      webhookSettings().parse({
        type: 'webhook',
        url: 'https://user:pw-secret@no-such-host.invalid/hook?token=abc',
        timeoutMs: 3000,
      }),
    );
    const err = await nowhere.testConnection().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/no-such-host\.invalid/);
    expect(err?.message).not.toMatch(/pw-secret|token=abc/);
  });
});
