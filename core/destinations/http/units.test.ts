import { expect, test } from 'vitest';
import { backoffDelayMs, parseRetryAfterMs } from './backoff.js';
import { describeUrl, scrubSecrets, webhookSecrets } from './redact.js';
import { TokenBucket } from './tokenBucket.js';
import { pgColumnType } from '../postgres/pgTypes.js';

test('full-jitter backoff stays under the doubling ceiling and the maximum', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
  expect(backoffDelayMs(policy, 0, () => 0.999)).toBe(99);
  expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(400);
  expect(backoffDelayMs(policy, 10, () => 0.999)).toBe(999);
  expect(backoffDelayMs(policy, 2, () => 0)).toBe(0);
});

test('Retry-After: seconds or an HTTP date, never negative', () => {
  const now = Date.parse('2025-06-01T10:00:00Z');
  expect(parseRetryAfterMs('3', now)).toBe(3000);
  expect(parseRetryAfterMs('Sun, 01 Jun 2025 10:00:30 GMT', now)).toBe(30_000);
  expect(parseRetryAfterMs('Sun, 01 Jun 2025 09:00:00 GMT', now)).toBe(0);
  expect(parseRetryAfterMs('soon', now)).toBeUndefined();
  expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
});

/** A bucket of `rate` tokens a second on a clock the test moves; every wait it asks for, noted. */
function bucketOnClock(rate: number) {
  const clock = { t: 0 };
  const waits: number[] = [];
  const bucket = new TokenBucket(
    rate,
    () => clock.t,
    async (ms, signal) => {
      if (signal?.aborted) throw new Error('aborted');
      waits.push(ms);
      clock.t += ms;
    },
  );
  return { bucket, waits, clock };
}

test('token bucket: one second of burst, then waits that match the debt', async () => {
  const { bucket, waits, clock } = bucketOnClock(100);
  await bucket.take(100);
  expect(waits).toEqual([]);
  await bucket.take(50);
  expect(waits).toEqual([500]);
  clock.t += 1000;
  await bucket.take(100);
  expect(waits).toEqual([500]);
  await bucket.take(250);
  expect(waits).toEqual([500, 2500]);
});

test('an aborted wait gives its tokens back', async () => {
  const { bucket, waits } = bucketOnClock(10);
  await bucket.take(10);
  const controller = new AbortController();
  controller.abort();
  await expect(bucket.take(10, controller.signal)).rejects.toThrow('aborted');
  await bucket.take(5);
  // Without the refund the debt would be 15 tokens (1500 ms); with it, only these 5.
  expect(waits).toEqual([500]);
});

test('URLs and bodies shown to users carry no secrets', () => {
  expect(describeUrl(new URL('https://u:p@h.example:8443/a/b?token=x#f'))).toBe(
    'https://h.example:8443/a/b',
  );
  expect(scrubSecrets('got Bearer abc123 ok', ['Bearer abc123'])).toBe('got *** ok');
});

test('warehouse types map to PostgreSQL types', () => {
  const cases: [string, string][] = [
    ['INTEGER', 'integer'],
    ['BIGINT', 'bigint'],
    ['HUGEINT', 'numeric'],
    ['UBIGINT', 'numeric'],
    ['DECIMAL(18,3)', 'numeric(18,3)'],
    ['numeric', 'numeric'],
    ['VARCHAR', 'text'],
    ['character varying(20)', 'text'],
    ['TIMESTAMP', 'timestamp'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamptz'],
    ['timestamp(3) without time zone', 'timestamp'],
    ['TIMESTAMP_NS', 'timestamp'],
    ['DATE', 'date'],
    ['DOUBLE', 'double precision'],
    ['FLOAT', 'double precision'],
    ['REAL', 'real'],
    ['BOOLEAN', 'boolean'],
    ['UUID', 'uuid'],
    ['JSON', 'jsonb'],
    ['INTEGER[]', 'jsonb'],
    ['STRUCT(a INTEGER, b VARCHAR)', 'jsonb'],
    ['MAP(VARCHAR, INTEGER)', 'jsonb'],
    ['BLOB', 'text'],
    ['INTERVAL', 'text'],
    ['GEOMETRY', 'text'],
  ];
  for (const [from, to] of cases) expect([from, pgColumnType(from)]).toEqual([from, to]);
});

test('webhook secrets cover bare credentials, decoded Basic auth and query values', () => {
  const basic = Buffer.from('svc:hunter22').toString('base64');
  const secrets = webhookSecrets(new URL('https://u:p4ss@hooks.example/in?token=tok-123&x=1'), {
    Authorization: 'Bearer abc123',
    'X-Other': `Basic ${basic}`,
  });
  const leaky = `invalid token abc123; creds svc:hunter22 or hunter22; url ?token=tok-123 p4ss ${basic}`;
  const scrubbed = scrubSecrets(leaky, secrets);
  for (const secret of ['abc123', 'hunter22', 'tok-123', 'p4ss', basic])
    expect(scrubbed).not.toContain(secret);
});
