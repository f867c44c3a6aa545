import { spawn } from 'node:child_process';
import fs from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

export const findChromium = (): string | undefined =>
  CANDIDATES.find((file) => fs.existsSync(file));

/**
 * Opens the browser-mode URL in an app window (`chromium --app=URL`), detached so closing the
 * terminal does not close it. Returns false when no Chromium is installed or there is no display.
 */
export function openAppWindow(url: string): boolean {
  const chromium = findChromium();
  if (!chromium) return false;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return false;
  const args = [
    `--app=${url}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(chromium, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return true;
}
