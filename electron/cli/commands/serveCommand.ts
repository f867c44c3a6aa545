import { startBrowserMode } from '../../http/startBrowserMode.js';
import { installSafetyNet } from '../../safetyNet.js';
import { openAppWindow } from '../../openAppWindow.js';
import { integerFlag } from '../parseArgs.js';
import type { Command } from '../types.js';

const usage = 'ebb serve [--port P] [--open]';

export const serveCommand: Command = {
  usage,
  // serve holds the home's lock itself for as long as it runs.
  writes: false,
  flags: { values: ['port'], booleans: ['open'] },
  async run({ args, core, json, io }) {
    // 0 (or no --port): a free port the system picks.
    const port = integerFlag(args, 'port', usage, { min: 0, max: 65535 });
    const uninstall = installSafetyNet((line) => io.stderr(`${line}\n`));
    const mode = await startBrowserMode({
      home: core.home,
      port,
      core,
      role: 'ebb serve',
    });
    io.stdout(json ? `${JSON.stringify({ url: mode.url })}\n` : `URL: ${mode.url}\n`);
    if (args.booleans.has('open') && !openAppWindow(mode.url, core.home)) {
      io.stderr('No Chromium or no display found: open the URL above in a browser.\n');
    }
    await io.interrupted();
    await mode.close();
    uninstall();
    return undefined;
  },
};
