import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createCore } from '../createCore.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { KEY_FILE } from './fileKeySecretStore.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

test('a deleted key file is not silently replaced: sealed secrets are reported unreadable, to re-enter', async () => {
  fixture = await syncFixture(5);
  const { call, home } = fixture;
  await call('destinations.add', { name: 'out', config: { type: 'file', path: home } });
  await call('syncs.add', { name: 's', model: 'users', destination: 'out', mode: 'upsert' });
  expect((await call('syncs.run', { sync: 's' })).status).toBe('succeeded');
  fixture.core.close();

  const keyFile = path.join(home, KEY_FILE);
  fs.rmSync(keyFile);
  const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
  fixture.core = core;
  const listed = await core.dispatch('warehouses.list', {});
  expect(listed.ok).toBe(true);
  const answer = await core.dispatch('syncs.run', { sync: 's' });
  expect(answer.ok).toBe(true);
  const run = answer.ok ? (answer.data as { status: string; message?: string }) : undefined;
  expect(run?.status).toBe('failed');
  expect(run?.message).toContain(`The key file ${keyFile} is missing`);
  expect(run?.message).toContain('cannot be read');
  expect(run?.message).toContain('Re-enter');
  // Reading never makes a new key: the next process says the same thing.
  expect(fs.existsSync(keyFile)).toBe(false);

  // Re-entering a secret makes a new key; what was sealed with the old one still says so.
  const added = await core.dispatch('warehouses.add', {
    kind: 'duckdb',
    name: 'again',
    path: fixture.warehouseFile,
  });
  expect(added.ok).toBe(true);
  expect(fs.existsSync(keyFile)).toBe(true);
  const second = await core.dispatch('syncs.run', { sync: 's' });
  const message = second.ok ? (second.data as { message?: string }).message : '';
  expect(message).toContain('sealed with another key');
  expect(message).toContain('Re-enter');
});
