import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const LAUNCH_PAGE = 'browser-launch.html';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A page in the (owner-only) home that forwards to the browser-mode URL, token included, and
 * answers its file:// address. Chromium is started on this address rather than on the URL: a
 * process's arguments are readable by every local user (`ps`, /proc/PID/cmdline) for as long
 * as the window is open, and the token is all that stands between them and the API.
 */
export function writeLaunchPage(home: string, url: string): string {
  const file = path.join(home, LAUNCH_PAGE);
  const temp = `${file}.${process.pid}.tmp`;
  const html =
    '<!doctype html><meta charset="utf-8">' +
    `<meta http-equiv="refresh" content="0;url=${escapeHtml(url)}"><title>Ebb</title>\n`;
  fs.writeFileSync(temp, html, { mode: 0o600 });
  fs.renameSync(temp, file);
  return pathToFileURL(file).href;
}
