import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore, type Core } from '../core/createCore.js';
import { fileKeySecretStore } from '../core/secrets/fileKeySecretStore.js';
import { STORE_FILE } from '../core/store/openStore.js';
import { tempHome } from '../core/testing/tempHome.js';
import {
  appSecretStore,
  keychainAvailable,
  safeStorageSecretStore,
  type SafeStorageLike,
} from './safeStorageSecrets.js';

/** A stand-in for Electron's safeStorage: reversible, but never the plain text on disk. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  const calls = { encrypt: 0, decrypt: 0 };
  const safeStorage: SafeStorageLike = {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(plain) {
      calls.encrypt++;
      return Buffer.concat([Buffer.from('v11'), mask(Buffer.from(plain, 'utf8'))]);
    },
    decryptString(encrypted) {
      calls.decrypt++;
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('bad ciphertext');
      return mask(encrypted.subarray(3)).toString('utf8');
    },
  };
  return { safeStorage, calls };
}

const PASSWORD = 'Pa55-word-from-the-keychain';
const URL_WITH_PASSWORD = `postgres://analyst:${PASSWORD}@127.0.0.1:1/warehouse`;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function home(): string {
  const temp = tempHome('ebb-safe-');
  cleanups.push(temp.cleanup);
  return temp.home;
}

function open(dir: string, secrets?: ReturnType<typeof appSecretStore>): Core {
  const core = createCore({
    home: dir,
    resourcesDir: path.resolve('resources'),
    host: secrets ? 'electron' : 'cli',
    secrets,
  });
  cleanups.unshift(() => core.close());
  return core;
}

function rawConfigs(dir: string): Record<string, string> {
  const db = new Database(path.join(dir, STORE_FILE), { readonly: true });
  try {
    const rows = db.prepare('select name, config from warehouses').all() as {
      name: string;
      config: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.config]));
  } finally {
    db.close();
  }
}

test('seals with safeStorage under an s1: prefix and opens what it sealed', () => {
  const { safeStorage, calls } = fakeSafeStorage();
  const store = safeStorageSecretStore(safeStorage, fileKeySecretStore(home()));
  const sealed = store.seal(PASSWORD);
  expect(sealed).toMatch(/^s1:/);
  expect(sealed).not.toContain(PASSWORD);
  expect(store.open(sealed)).toBe(PASSWORD);
  expect(calls).toEqual({ encrypt: 1, decrypt: 1 });
});

test('the keychain is used only when it is real: not when unavailable, not basic_text on Linux', () => {
  expect(keychainAvailable(fakeSafeStorage().safeStorage, 'linux')).toBe(true);
  expect(keychainAvailable(fakeSafeStorage({ available: false }).safeStorage, 'darwin')).toBe(
    false,
  );
  expect(keychainAvailable(fakeSafeStorage({ backend: 'basic_text' }).safeStorage, 'linux')).toBe(
    false,
  );
  expect(keychainAvailable(fakeSafeStorage({ backend: 'basic_text' }).safeStorage, 'darwin')).toBe(
    true,
  );
  const dir = home();
  const fallback = appSecretStore(fakeSafeStorage({ available: false }).safeStorage, dir, 'linux');
  expect(fallback.seal(PASSWORD)).toMatch(/^k1:/);
  const plainText = appSecretStore(
    fakeSafeStorage({ backend: 'basic_text' }).safeStorage,
    dir,
    'linux',
  );
  expect(plainText.seal(PASSWORD)).toMatch(/^k1:/);
});

test('app and CLI on one home: the app reads what the CLI sealed; the CLI names the fix for what the app sealed', async () => {
  const dir = home();
  const { safeStorage } = fakeSafeStorage();

  const addWarehouse = (core: Core, name: string) =>
    core.dispatch('warehouses.add', { kind: 'postgres', name, url: URL_WITH_PASSWORD });
  const cli = open(dir);
  expect(await addWarehouse(cli, 'from-cli')).toMatchObject({ ok: true });
  cli.close();

  const app = open(dir, appSecretStore(safeStorage, dir, 'linux'));
  expect(await addWarehouse(app, 'from-app')).toMatchObject({ ok: true });
  const inApp = await app.dispatch('warehouses.list', {});
  expect(inApp).toMatchObject({
    ok: true,
    data: [{ name: 'from-cli' }, { name: 'from-app' }],
  });
  expect(JSON.stringify(inApp)).not.toContain(PASSWORD);
  app.close();

  const raw = rawConfigs(dir);
  expect(raw['from-cli']).toMatch(/^k1:/);
  expect(raw['from-app']).toMatch(/^s1:/);
  for (const sealed of Object.values(raw)) expect(sealed).not.toContain(PASSWORD);

  // The CLI has no keychain: a clear error that names the fix, never garbage or the ciphertext.
  const again = open(dir);
  const answer = await again.dispatch('warehouses.test', { warehouse: 'from-app' });
  expect(answer).toMatchObject({ ok: false, error: { code: 'SECRET_UNAVAILABLE' } });
  const message = (answer as { error: { message: string } }).error.message;
  expect(message).toContain('desktop app');
  expect(message).toContain('re-enter it with the CLI');
  expect(message).not.toContain(raw['from-app']!.slice(3, 20));
});

test('a keychain value that no longer decrypts is a clear error, not a crash', () => {
  const { safeStorage } = fakeSafeStorage();
  const store = safeStorageSecretStore(safeStorage, fileKeySecretStore(home()));
  expect(() => store.open('s1:AAAA')).toThrow(/cannot be decrypted with the OS keychain/);
});
