import { describe, expect, test } from 'vitest';
import { createDestination, parseDestinationConfig } from './createDestination.js';
import { FileDestination } from './file/fileDestination.js';
import { PostgresDestination } from './postgres/postgresDestination.js';
import { WebhookDestination } from './webhook/webhookDestination.js';

describe('createDestination', () => {
  test('builds each type with its preferred batch size and concurrency', () => {
    const file = createDestination({ type: 'file', path: '/tmp' });
    expect(file).toBeInstanceOf(FileDestination);
    expect([file.batchSize, file.concurrency]).toEqual([5000, 1]);
    const hook = createDestination({
      type: 'webhook',
      url: 'https://example.com/in',
      batchSize: 250,
      concurrency: 8,
      ratePerSecond: 100,
    });
    expect(hook).toBeInstanceOf(WebhookDestination);
    expect([hook.batchSize, hook.concurrency]).toEqual([250, 8]);
    const pgDest = createDestination({ type: 'postgres', url: 'postgres://h/db', table: 't' });
    expect(pgDest).toBeInstanceOf(PostgresDestination);
    expect([pgDest.batchSize, pgDest.concurrency]).toEqual([2000, 2]);
  });

  test('fills defaults', () => {
    expect(parseDestinationConfig({ type: 'file', path: '/x' })).toEqual({
      type: 'file',
      path: '/x',
      format: 'jsonl',
    });
    expect(parseDestinationConfig({ type: 'webhook', url: 'http://127.0.0.1:9/h' })).toMatchObject({
      headers: {},
      batchSize: 1000,
      concurrency: 4,
      timeoutMs: 30_000,
      retry: { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 },
    });
  });

  test('refuses bad configs with every problem named', () => {
    expect(() =>
      createDestination({
        type: 'webhook',
        url: 'ftp://example.com',
        headers: { 'Bad Name': 'x', Authorization: 'a\r\nInjected: 1' },
      }),
    ).toThrow(/url: must be an http:\/\/ or https:\/\/ URL.*headers/);
    expect(() => createDestination({ type: 'smtp' })).toThrow(/Invalid destination/);
    expect(() => createDestination({ type: 'postgres', url: 'mysql://x', table: 't' })).toThrow(
      /url: must be a postgres:\/\/ URL/,
    );
  });
});
