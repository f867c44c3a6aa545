import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Notification,
  safeStorage,
  session,
  shell,
} from 'electron';
import path from 'node:path';
import { createCore, type Core } from '../core/createCore.js';
import { showAlertNotifications } from './alertNotifications.js';
import { installSafetyNet } from './safetyNet.js';
import { acquireHomeLock, type HomeLock } from '../core/store/homeLock.js';
import { ensurePrivateHome } from '../core/store/homePermissions.js';
import { API_CHANNEL, EVENT_CHANNEL } from './channels.js';
import { isAllowedExternalUrl } from './externalLinks.js';
import { CONTENT_SECURITY_POLICY } from './http/contentSecurityPolicy.js';
import { defaultHome, projectRoot, rendererDirIn, resourcesDirIn } from './paths.js';
import { appSecretStore } from './safeStorageSecrets.js';

/** The desktop shell: one window, one IPC channel to the engine, everything else denied. */
let core: Core | undefined;
let lock: HomeLock | undefined;

function resourcesDir(): string {
  return app.isPackaged
    ? path.join(process.resourcesPath, 'resources')
    : resourcesDirIn(projectRoot());
}

function createWindow(engine: Core): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Ebb',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const unsubscribe = engine.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  const stopNotifying = showAlertNotifications(
    (listener) => engine.subscribe(listener),
    Notification,
    () => {
      if (!window.isDestroyed()) window.show();
    },
  );
  window.on('closed', () => {
    unsubscribe();
    stopNotifying();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(
    path.join(rendererDirIn(app.isPackaged ? app.getAppPath() : projectRoot()), 'index.html'),
  );
  return window;
}

async function start(): Promise<void> {
  installSafetyNet((line) => console.error(line));
  // Not app.getPath('userData'): that is appData plus package.json's name, "ebb", a folder
  // other than the CLI's default (appData plus "Ebb") where case matters (Linux); CLI.md has
  // `ebb` without --home see the app's data.
  const home = defaultHome();
  ensurePrivateHome(home);
  lock = acquireHomeLock(home, 'Ebb app');
  core = createCore({
    home,
    resourcesDir: resourcesDir(),
    host: 'electron',
    // The OS keychain when there is a real one; secrets the CLI sealed stay readable.
    secrets: appSecretStore(safeStorage, home),
  });
  const engine = core;
  ipcMain.handle(API_CHANNEL, (_event, name: unknown, arg: unknown) =>
    typeof name === 'string'
      ? engine.dispatch(name, arg)
      : {
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: 'The call name must be a string.' },
        },
  );
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, answer) =>
    answer(false),
  );
  await engine.ensureSampleWarehouse();
  engine.createScheduler((line) => console.log(line)).start();
  createWindow(engine);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  core?.close();
  lock?.release();
});

app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    const message = (error as Error).message;
    console.error(`Ebb could not start: ${message}`);
    dialog.showErrorBox('Ebb could not start', message);
    app.exit(1);
  });
