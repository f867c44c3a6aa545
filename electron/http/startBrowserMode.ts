import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../core/createCore.js';
import { acquireHomeLock } from '../../core/store/homeLock.js';
import { ensurePrivateHome } from '../../core/store/homePermissions.js';
import { projectRoot, rendererDirIn, resourcesDirIn } from '../paths.js';
import { startHttpHost, type HttpHost } from './httpHost.js';

export interface BrowserModeOptions {
  home: string;
  port?: number;
  /** An existing core (the CLI's); otherwise one is created for this host. */
  core?: Core;
  role?: string;
}

export interface BrowserMode {
  url: string;
  host: HttpHost;
  close(): Promise<void>;
}

/** The whole app without Electron: the engine plus the renderer on 127.0.0.1. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  ensurePrivateHome(options.home);
  const root = projectRoot();
  const staticDir = rendererDirIn(root);
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${staticDir} is missing): run \`npm run build\` first.`,
    );
  }
  const lock = acquireHomeLock(options.home, options.role ?? 'ebb serve');
  let core: Core | undefined;
  try {
    core =
      options.core ??
      createCore({ home: options.home, resourcesDir: resourcesDirIn(root), host: 'http' });
    await core.ensureSampleWarehouse();
    const owned = core;
    const host = await startHttpHost({
      dispatch: owned.dispatch,
      subscribe: owned.subscribe,
      staticDir,
      port: options.port,
    });
    // Only once the host listens: a start that fails (a port in use) leaves nothing running.
    const scheduler = owned.createScheduler((line) => console.error(line));
    scheduler.start();
    return {
      url: host.url,
      host,
      async close() {
        await scheduler.stop();
        await host.close();
        if (!options.core) owned.close();
        lock.release();
      },
    };
  } catch (error) {
    if (core && !options.core) core.close();
    lock.release();
    throw error;
  }
}
