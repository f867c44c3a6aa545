import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { homePerTest } from './testing/cliHarness.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
const home = homePerTest('ebb-scheduler-');

/** `ebb scheduler` runs due syncs "until interrupted" (shared/CLI.md), not until its start. */
test('ebb scheduler keeps running until Ctrl+C, then stops cleanly', async () => {
  const scheduler = spawn(
    process.execPath,
    [path.resolve('electron/bin/ebb.cjs'), '--home', home(), 'scheduler'],
    { cwd: path.resolve('.') },
  );
  children.push(scheduler);
  let output = '';
  const exited = new Promise<number | null>((resolve) => scheduler.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    scheduler.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Scheduler started')) resolve();
    });
    void exited.then(() => reject(new Error(`the scheduler did not start: ${output}`)));
  });
  const early = await Promise.race([
    exited.then(() => 'exited'),
    new Promise((resolve) => setTimeout(() => resolve('running'), 1500)),
  ]);
  expect(early).toBe('running');
  scheduler.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('Scheduler stopped.');
});
