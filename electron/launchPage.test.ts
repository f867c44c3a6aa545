import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { afterEach, expect, test } from 'vitest';
import { tempHome } from '../core/testing/tempHome.js';
import { LAUNCH_PAGE, writeLaunchPage } from './launchPage.js';
import { appWindowArgs } from './openAppWindow.js';

const TOKEN = 'tok-3b9d07e1';
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function home(): string {
  const temp = tempHome('ebb-launch-');
  cleanup = temp.cleanup;
  return temp.home;
}

test("the app window's arguments carry a private launch page, never the token", () => {
  const dir = home();
  const url = `http://127.0.0.1:4000/?token=${TOKEN}&a="<b>`;
  const args = appWindowArgs(writeLaunchPage(dir, url));
  expect(args.join(' ')).not.toContain(TOKEN);
  expect(args[0]).toBe(`--app=${pathToFileURL(path.join(dir, LAUNCH_PAGE)).href}`);
  const file = path.join(dir, LAUNCH_PAGE);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toContain(
    `content="0;url=http://127.0.0.1:4000/?token=${TOKEN}&amp;a=&quot;&lt;b&gt;"`,
  );
});

test.skipIf(!fs.existsSync('/usr/bin/chromium'))(
  'Chromium opened on the launch page arrives at the URL with its token',
  async () => {
    const dir = home();
    const server = http.createServer((req, res) => res.end(`arrived ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    try {
      const page = await browser.newPage();
      await page.goto(writeLaunchPage(dir, `http://127.0.0.1:${port}/?token=${TOKEN}`));
      await page.waitForURL(`http://127.0.0.1:${port}/?token=${TOKEN}`, { timeout: 15_000 });
      expect(await page.textContent('body')).toBe(`arrived /?token=${TOKEN}`);
    } finally {
      await browser.close();
      server.close();
    }
  },
  60_000,
);
