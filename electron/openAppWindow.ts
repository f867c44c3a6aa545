import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { writeLaunchPage } from './launchPage.js';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

export const findChromium = (): string | undefined =>
  CANDIDATES.find((file) => fs.existsSync(file));

/** Chromium's arguments for an app window on `page`: never the URL with its token. */
export function appWindowArgs(page: string): string[] {
  const args = [
    `--app=${page}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * Opens the browser-mode URL in an app window (`chromium --app=…`), detached so closing the
 * terminal does not close it, through a launch page in `home` (launchPage.ts) so the token is
 * not in Chromium's arguments. Returns false when no Chromium is installed or there is no display.
 */
export function openAppWindow(url: string, home: string): boolean {
  const chromium = findChromium();
  if (!chromium) return false;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return false;
  const args = appWindowArgs(writeLaunchPage(home, url));
  const child = spawn(chromium, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}
