import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { httpRequest } from './http/httpRequest.js';
import { sleep } from './results.js';
import { TokenBucket } from './http/tokenBucket.js';

const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.name);
process.on('warning', onWarning);
afterEach(() => {
  warnings.length = 0;
});

const settledWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
};

test('a tiny --rate waits its (very long) turn instead of overflowing the timer to 1 ms', async () => {
  // 0.0000001 records/s: the second record may go in about 116 days, past 2^31-1 ms of one timer.
  const bucket = new TokenBucket(0.0000001);
  const controller = new AbortController();
  const taking = bucket.take(2, controller.signal);
  expect(await settledWithin(taking, 100)).toBe(false);
  expect(warnings).not.toContain('TimeoutOverflowWarning');
  controller.abort(new Error('cancelled'));
  await expect(taking).rejects.toThrow('cancelled');
});

test('sleep still ends on time for ordinary waits, and at once for 0, negative and NaN', async () => {
  const started = performance.now();
  await sleep(30);
  expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  for (const ms of [0, -5, Number.NaN]) expect(await settledWithin(sleep(ms), 20)).toBe(true);
  const controller = new AbortController();
  const forever = sleep(Number.POSITIVE_INFINITY, controller.signal);
  expect(await settledWithin(forever, 50)).toBe(false);
  controller.abort(new Error('stop'));
  await expect(forever).rejects.toThrow('stop');
  expect(warnings).not.toContain('TimeoutOverflowWarning');
});

test('a request time-out past 2^31-1 ms does not cut the request after 1 ms', async () => {
  const server = http.createServer((_req, res) => {
    setTimeout(() => res.end('ok'), 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new http.Agent();
  try {
    const answer = await httpRequest({
      url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
      headers: {},
      agent,
      timeoutMs: 2 ** 40,
      keepBody: () => true,
      maxBodyBytes: 100,
    });
    expect(answer.body.toString()).toBe('ok');
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  } finally {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
