import { DuckDBInstance } from '@duckdb/node-api';
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const artifactsDir = path.join(projectRoot, 'e2e', 'artifacts');

export interface RunningApp {
  url: string;
  home: string;
  /** Runs `ebb --home HOME --json …` and answers its parsed JSON output (refused while serve holds the home lock). */
  ebb(args: string[]): Promise<unknown>;
  /** Calls the running host's API as the app does (POST /api/:name with the launch token). */
  api(name: string, arg?: unknown): Promise<unknown>;
}

/** `ebb serve` on a fresh home folder: the browser-mode app exactly as a user starts it. */
async function serve(home: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['electron/bin/ebb.mjs', '--home', home, '--json', 'serve', '--port', '0'],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`ebb serve did not print its URL: ${stderr}`)),
      60_000,
    );
    lines.on('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`ebb serve exited ${code}: ${stderr}`)));
  });
  return { url, child };
}

export const test = base.extend<{ app: RunningApp; tempFolder: string }>({
  /** A fresh folder under the OS temp folder, removed after the test (passed or not). */
  tempFolder: async ({}, use) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-folder-'));
    await use(folder);
    fs.rmSync(folder, { recursive: true, force: true });
  },
  app: async ({}, use) => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-'));
    const { url, child } = await serve(home);
    const ebb = (args: string[]) =>
      new Promise<unknown>((resolve, reject) => {
        const cli = spawn(
          process.execPath,
          ['electron/bin/ebb.mjs', '--home', home, '--json', ...args],
          {
            cwd: projectRoot,
          },
        );
        let out = '';
        cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        cli.on('exit', () => {
          try {
            resolve(JSON.parse(out));
          } catch (error) {
            reject(error);
          }
        });
      });
    const api = async (name: string, arg: unknown = {}) => {
      const parsed = new URL(url);
      const response = await fetch(new URL(`/api/${name}`, parsed.origin), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-ebb-token': parsed.searchParams.get('token') ?? '',
        },
        body: JSON.stringify(arg),
      });
      const answer = (await response.json()) as
        { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
      if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
      return answer.data;
    };
    await use({ url, home, ebb, api });
    // `ebb serve` should exit on SIGTERM; if it has not after 10 s, say so and kill it.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      console.warn(`ebb serve (pid ${child.pid}) ignored SIGTERM for 10 s; killing it`);
      child.kill('SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(home, { recursive: true, force: true });
  },
});

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
}

/**
 * Runs SQL against the Sample warehouse file between API calls. serve opens the file for each
 * call it answers (the page may still be loading a table list), so a lock held by it is waited out.
 */
export async function warehouseSql(home: string, sql: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const instance = await DuckDBInstance.create(path.join(home, 'sample.duckdb'));
      const connection = await instance.connect();
      try {
        await connection.run(sql);
        return;
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    } catch (error) {
      if (attempt >= 50 || !String(error).includes('Could not set lock')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export { expect };
