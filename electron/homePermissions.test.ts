import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { STORE_FILE } from '../core/store/openStore.js';
import { tempHome } from '../core/testing/tempHome.js';
import { runCli } from './cli/runCli.js';
import { startBrowserMode } from './http/startBrowserMode.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function openHome(mode: number): string {
  const temp = tempHome('ebb-perm-');
  cleanup = temp.cleanup;
  fs.chmodSync(temp.home, mode);
  return temp.home;
}

async function ebb(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    interrupted: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

describe.skipIf(process.platform === 'win32')('a home other users can write is refused', () => {
  test('by the CLI, before it opens or creates anything there', async () => {
    const home = openHome(0o777);
    const answer = await ebb(['--home', home, '--json', 'warehouse', 'list']);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain(`chmod go-w ${home}`);
    expect(JSON.parse(answer.stdout)).toMatchObject({ error: { code: 'UNSAFE_HOME' } });
    expect(fs.existsSync(path.join(home, STORE_FILE))).toBe(false);

    fs.chmodSync(home, 0o700);
    expect((await ebb(['--home', home, '--json', 'warehouse', 'list'])).code).toBe(0);
  });

  test('by the CLI for a home it would create: created owner-only and accepted', async () => {
    const home = path.join(openHome(0o700), 'new-home');
    expect((await ebb(['--home', home, 'warehouse', 'list'])).code).toBe(0);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
  });

  test('by browser mode', async () => {
    const home = openHome(0o770);
    await expect(startBrowserMode({ home })).rejects.toThrow(`chmod go-w ${home}`);
    expect(fs.existsSync(path.join(home, STORE_FILE))).toBe(false);
  });
});
