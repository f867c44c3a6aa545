import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { defaultHome } from './paths.js';

type Listener = (...args: unknown[]) => unknown;

/** A fake `electron` module recording what the shell asks of it. */
const fake = vi.hoisted(() => {
  const state = {
    handlers: new Map<string, (...args: unknown[]) => unknown>(),
    windows: [] as Array<{
      options: Record<string, unknown>;
      contents: Record<string, Listener>;
      openHandler?: Listener;
      loaded?: string;
      sent: unknown[];
    }>,
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    rendererListeners: new Map<string, Listener[]>(),
    openedExternally: [] as string[],
    errorBoxes: [] as string[],
    exits: [] as number[],
    ready: Promise.resolve(),
  };
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const record = {
        options,
        contents: {} as Record<string, Listener>,
        sent: [] as unknown[],
        openHandler: undefined as Listener | undefined,
        loaded: undefined as string | undefined,
      };
      state.windows.push(record);
      this.webContents = {
        on: (name: string, listener: Listener) => (record.contents[name] = listener),
        setWindowOpenHandler: (handler: Listener) => (record.openHandler = handler),
        send: (...args: unknown[]) => record.sent.push(args),
      };
      this.loadFile = async (file: string) => {
        record.loaded = file;
      };
    }
    loadFile: (file: string) => Promise<void>;
    on() {}
    once() {}
    show() {}
    isDestroyed() {
      return false;
    }
  }
  return {
    state,
    module: {
      app: {
        isPackaged: false,
        whenReady: () => state.ready,
        // As Electron on Linux: userData is appData plus the app's name, package.json's "ebb".
        getPath: (name: string) =>
          name === 'userData' ? `${process.env.XDG_CONFIG_HOME ?? ''}/ebb` : '',
        getAppPath: () => '',
        on: () => undefined,
        quit: () => undefined,
        exit: (code: number) => void state.exits.push(code),
      },
      BrowserWindow,
      // Alerts' desktop notifications (electron/alertNotifications.test.ts covers them).
      Notification: { isSupported: () => false },
      ipcMain: {
        handle: (channel: string, handler: (...args: unknown[]) => unknown) =>
          state.handlers.set(channel, handler),
      },
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: () => undefined },
          setPermissionRequestHandler: () => undefined,
        },
      },
      shell: { openExternal: async (url: string) => void state.openedExternally.push(url) },
      // Reversible but never the plain text, like the OS keychain's ciphertext.
      safeStorage: {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
        decryptString: (encrypted: Buffer) => Buffer.from(encrypted).reverse().toString('utf8'),
      },
      dialog: {
        showErrorBox: (_title: string, message: string) => void state.errorBoxes.push(message),
      },
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api),
      },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          state.invoked.push(args);
          return { ok: true, data: null };
        },
        on: (channel: string, listener: Listener) =>
          state.rendererListeners.set(channel, [
            ...(state.rendererListeners.get(channel) ?? []),
            listener,
          ]),
        removeListener: (channel: string, listener: Listener) =>
          state.rendererListeners.set(
            channel,
            (state.rendererListeners.get(channel) ?? []).filter((l) => l !== listener),
          ),
      },
    },
  };
});

vi.mock('electron', () => fake.module);

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-shell-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('electron/main.ts', () => {
  beforeEach(() => {
    process.env.EBB_HOME = home;
  });

  test('opens one locked-down window and serves the API on a single channel', async () => {
    await import('./main.js');
    await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1), { timeout: 20_000 });

    expect([...fake.state.handlers.keys()]).toEqual(['api']);
    const window = fake.state.windows[0]!;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);

    let prevented = false;
    window.contents['will-navigate']!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(window.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(window.openHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(fake.state.openedExternally).toEqual(['https://github.com/']);

    const api = fake.state.handlers.get('api')!;
    const info = (await api({}, 'app.info', {})) as {
      ok: boolean;
      data: { host: string; home: string };
    };
    expect(info).toMatchObject({ ok: true, data: { host: 'electron', home } });
    const bad = (await api({}, 'warehouses.add', { kind: 'duckdb' })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const list = (await api({}, 'warehouses.list', {})) as {
      ok: boolean;
      data: Array<{ name: string }>;
    };
    expect(list.data.map((w) => w.name)).toEqual(['Sample warehouse']);
  });

  test('seals secrets with safeStorage (s1:) when the OS keychain is available', async () => {
    const api = fake.state.handlers.get('api')!;
    const password = 'app-only-password';
    const added = (await api({}, 'warehouses.add', {
      kind: 'postgres',
      name: 'pg',
      url: `postgres://u:${password}@127.0.0.1:1/db`,
    })) as { ok: boolean };
    expect(added).toMatchObject({ ok: true });
    const db = new Database(path.join(home, 'ebb.sqlite'), { readonly: true });
    const row = db.prepare("select config from warehouses where name = 'pg'").get() as {
      config: string;
    };
    db.close();
    expect(row.config).toMatch(/^s1:/);
    expect(row.config).not.toContain(password);
  });
});

describe('electron/preload.ts', () => {
  test('exposes only window.bridge with request and subscribe over the api channels', async () => {
    await import('./preload.js');
    expect([...fake.state.exposed.keys()]).toEqual(['bridge']);
    const bridge = fake.state.exposed.get('bridge') as {
      request: (name: string, arg: unknown) => Promise<unknown>;
      subscribe: (listener: (event: unknown) => void) => () => void;
    };
    expect(Object.keys(bridge).sort()).toEqual(['request', 'subscribe']);
    await bridge.request('app.info', {});
    expect(fake.state.invoked).toEqual([['api', 'app.info', {}]]);

    const seen: unknown[] = [];
    const unsubscribe = bridge.subscribe((event) => seen.push(event));
    const listeners = fake.state.rendererListeners.get('api:event')!;
    expect(listeners).toHaveLength(1);
    listeners[0]!({}, { name: 'store.changed', payload: { domain: 'models' } });
    expect(seen).toEqual([{ name: 'store.changed', payload: { domain: 'models' } }]);
    unsubscribe();
    expect(fake.state.rendererListeners.get('api:event')).toHaveLength(0);
  });
});

describe.skipIf(process.platform === 'win32')('electron/main.ts on an unsafe home', () => {
  test('refuses a home other users can write, says how to fix it, and exits', async () => {
    const open = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-shell-open-'));
    fs.chmodSync(open, 0o777);
    process.env.EBB_HOME = open;
    try {
      vi.resetModules();
      const windows = fake.state.windows.length;
      await import('./main.js');
      await vi.waitFor(() => expect(fake.state.exits).toEqual([1]), { timeout: 20_000 });
      expect(fake.state.errorBoxes).toEqual([expect.stringContaining(`chmod go-w ${open}`)]);
      expect(fake.state.windows).toHaveLength(windows);
      expect(fs.existsSync(path.join(open, 'ebb.sqlite'))).toBe(false);
    } finally {
      fs.rmSync(open, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.platform === 'linux')('electron/main.ts without EBB_HOME', () => {
  test("opens the store in the CLI's default home, so `ebb` without --home sees the app's data", async () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-shell-config-'));
    const saved = { home: process.env.EBB_HOME, config: process.env.XDG_CONFIG_HOME };
    delete process.env.EBB_HOME;
    process.env.XDG_CONFIG_HOME = config;
    try {
      vi.resetModules();
      const windows = fake.state.windows.length;
      await import('./main.js');
      await vi.waitFor(() => expect(fake.state.windows).toHaveLength(windows + 1), {
        timeout: 20_000,
      });
      expect(defaultHome()).toBe(path.join(config, 'Ebb'));
      expect(fs.existsSync(path.join(config, 'Ebb', 'ebb.sqlite'))).toBe(true);
    } finally {
      if (saved.home === undefined) delete process.env.EBB_HOME;
      else process.env.EBB_HOME = saved.home;
      if (saved.config === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved.config;
      fs.rmSync(config, { recursive: true, force: true });
    }
  });
});
