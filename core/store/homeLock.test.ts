import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { acquireHomeLock, LOCK_FILE } from './homeLock.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const waitFor = (check: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
};

test('two processes finding the same dead holder: the one that clears it second sees the first holding the home, and does not take it too', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-lock-race-'));
  const file = path.join(dir, LOCK_FILE);
  fs.writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 17, role: 'crashed', startedAt: 'x' }));
  // This process reads the dead holder; before it clears the lock, another process takes over.
  const takeOver = () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./core/store/homeLock.ts').then(m => { m.acquireHomeLock(${JSON.stringify(dir)}, 'the other'); setTimeout(() => {}, 60000); })`,
      ],
      { cwd: path.resolve('.'), stdio: 'ignore' },
    );
    children.push(child);
    waitFor(
      () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').includes('the other'),
      30_000,
    );
  };
  expect(() => acquireHomeLock(dir, 'late', { afterDeadHolderRead: takeOver })).toThrow(
    /Another Ebb process is using .*: the other \(pid \d+/,
  );
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ role: 'the other' });
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('the lock file is never seen half-written, and no temporary file is left beside it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-lock-whole-'));
  const lock = acquireHomeLock(dir, 'whole');
  expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
    role: 'whole',
    pid: process.pid,
  });
  expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
  lock.release();
  expect(fs.readdirSync(dir)).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});
