import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { homePerTest, runCaptured } from './testing/cliHarness.js';
import { acquireHomeLock, LOCK_FILE } from '../../core/store/homeLock.js';
import { processIdentity } from '../../core/store/processIdentity.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
const home = homePerTest('ebb-lock-');

const ebb = (dir: string, ...args: string[]) => runCaptured(['--home', dir, ...args]);

test.runIf(process.platform === 'linux')(
  'a lock naming a pid now used by another program (not the Ebb that wrote it) is taken over',
  async () => {
    const dir = home();
    // A live process that is not Ebb, holding the pid a crashed Ebb once had.
    const other = spawn('sleep', ['30']);
    children.push(other);
    await new Promise((resolve) => other.once('spawn', resolve));
    const pid = other.pid!;
    const own = processIdentity(pid);
    expect(own).toMatch(/^[0-9a-f-]+:\d+$/);
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({
        pid,
        role: 'ebb sync run',
        startedAt: '2026-11-01T00:00:00.000Z',
        // What the crashed Ebb wrote: same boot, an earlier start time.
        process: own!.replace(/:\d+$/, ':1'),
      }),
    );
    const lock = acquireHomeLock(dir, 'new owner');
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      role: 'new owner',
      process: processIdentity(process.pid),
    });
    lock.release();
    expect(other.exitCode).toBeNull();
  },
);

test('a live Ebb holding the home is named once, with its pid once and the lock file to remove', async () => {
  const dir = home();
  const scheduler = spawn(
    process.execPath,
    [path.resolve('electron/bin/ebb.mjs'), '--home', dir, 'scheduler'],
    { cwd: path.resolve('.') },
  );
  children.push(scheduler);
  await new Promise<void>((resolve, reject) => {
    scheduler.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Scheduler started')) resolve();
    });
    scheduler.once('exit', () => reject(new Error('the scheduler did not start')));
  });
  const refused = await ebb(dir, 'warehouse', 'add', 'w', '--duckdb', path.join(dir, 'w.duckdb'));
  expect(refused.code).toBe(1);
  const message = refused.stderr;
  expect(message).toContain(`ebb scheduler (pid ${scheduler.pid}, since `);
  expect(message.match(/pid/g)).toHaveLength(1);
  expect(message).toContain(`remove ${path.join(dir, LOCK_FILE)}`);
});
