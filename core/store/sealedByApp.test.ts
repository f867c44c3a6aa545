import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore } from '../createCore.js';
import { SAFE_STORAGE_PREFIX } from '../secrets/sealedFormats.js';
import { tempHome } from '../testing/tempHome.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

test('the CLI lists and removes items whose secrets only the desktop app can open', async () => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  const resourcesDir = path.resolve('resources');
  // The app, sealing with a stand-in for the OS keychain.
  const keychain = {
    seal: (plain: string) => SAFE_STORAGE_PREFIX + Buffer.from(plain).toString('base64'),
    open: (sealed: string) =>
      Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64').toString(),
  };
  const app = createCore({ home: temp.home, resourcesDir, host: 'electron', secrets: keychain });
  await app.dispatch('warehouses.add', {
    kind: 'postgres',
    name: 'prod',
    url: 'postgres://etl:s3cret@db.internal:5432/dw',
  });
  await app.dispatch('destinations.add', {
    name: 'crm',
    config: {
      type: 'webhook',
      url: 'https://crm.example/hook',
      headers: { Authorization: 'Bearer tok-9876' },
    },
  });
  app.close();

  const cli = createCore({ home: temp.home, resourcesDir, host: 'cli' });
  try {
    expect(await cli.dispatch('warehouses.list', {})).toMatchObject({
      ok: true,
      data: [{ name: 'prod', location: 'postgres://etl:****@db.internal:5432/dw' }],
    });
    expect(await cli.dispatch('destinations.list', {})).toMatchObject({
      ok: true,
      data: [{ name: 'crm', settings: { headers: { Authorization: '****' } } }],
    });
    expect(await cli.dispatch('warehouses.tables', { warehouse: 'prod' })).toMatchObject({
      ok: false,
      error: {
        code: 'SECRET_UNAVAILABLE',
        message: expect.stringContaining('re-enter it with the CLI'),
      },
    });
    expect(await cli.dispatch('destinations.remove', { destination: 'crm' })).toMatchObject({
      ok: true,
    });
    expect(await cli.dispatch('warehouses.remove', { warehouse: 'prod' })).toMatchObject({
      ok: true,
    });
  } finally {
    cli.close();
  }
});
