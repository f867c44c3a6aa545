import { describe, expect, test } from 'vitest';
import {
  createDestination,
  describeDestination,
  destinationTypes,
  parseDestinationConfig,
  updatedDestinationConfig,
} from './registry.js';
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
    expect([pgDest.batchSize, pgDest.concurrency]).toEqual([10_000, 2]);
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
    expect(() => createDestination({ type: 'smtp' })).toThrow(/Unknown destination type "smtp"/);
    expect(() => createDestination({ type: 'postgres', url: 'mysql://x', table: 't' })).toThrow(
      /url: must be a postgres:\/\/ URL/,
    );
  });
});

describe('settings declared once', () => {
  test('destination types lists each key with label, required, secret and default', () => {
    const webhook = destinationTypes().find((t) => t.type === 'webhook')!;
    expect(webhook.settings.find((s) => s.key === 'url')).toMatchObject({
      label: 'URL',
      required: true,
      secret: false,
      kind: 'url',
    });
    expect(webhook.settings.find((s) => s.key === 'headers')).toMatchObject({
      required: false,
      secret: true,
      kind: 'map',
      default: {},
      flag: 'header',
    });
    expect(webhook.settings.find((s) => s.key === 'batchSize')).toMatchObject({
      kind: 'integer',
      default: 1000,
      min: 1,
      max: 100_000,
    });
    const file = destinationTypes().find((t) => t.type === 'file')!;
    expect(file.settings.find((s) => s.key === 'format')).toMatchObject({
      kind: 'choice',
      choices: ['jsonl', 'csv'],
      default: 'jsonl',
    });
  });

  test('an unknown key is refused, naming the keys the type has', () => {
    expect(() => parseDestinationConfig({ type: 'file', path: '/x', folder: '/y' })).toThrow(
      /unknown setting folder \(a file destination has path, format\)/,
    );
  });

  test('secrets are masked in the clear copy and kept by an edit unless re-entered', () => {
    const stored = parseDestinationConfig({
      type: 'webhook',
      url: 'https://u:pw@example.com/in?token=abc',
      headers: { Authorization: 'Bearer s3cret', 'X-Team': 'growth-key' },
    });
    const shown = describeDestination(stored);
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|growth-key|pw@|abc/);
    expect(shown.settings.headers).toEqual({ Authorization: '****', 'X-Team': '****' });

    const edited = updatedDestinationConfig(stored, {
      headers: { Authorization: '', 'X-Team': 'new-key' },
      batchSize: 10,
    });
    expect(edited).toMatchObject({
      url: 'https://u:pw@example.com/in?token=abc',
      headers: { Authorization: 'Bearer s3cret', 'X-Team': 'new-key' },
      batchSize: 10,
    });
    const pg = parseDestinationConfig({
      type: 'postgres',
      url: 'postgres://u:pw@h/db',
      table: 't',
    });
    expect(updatedDestinationConfig(pg, { url: '', table: 'u2' })).toMatchObject({
      url: 'postgres://u:pw@h/db',
      table: 'u2',
    });
    expect(() => updatedDestinationConfig(pg, { type: 'file' })).toThrow(/type cannot change/);
    expect(() => updatedDestinationConfig(pg, { batchSize: 0 })).toThrow(/batchSize/);
  });
});
