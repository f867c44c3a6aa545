import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

test('a host with the safety net logs an uncaught error and keeps running', async () => {
  // An 'error' event nobody listens to, and a rejection nobody handles: each ends a bare process.
  const script = `
    const { installSafetyNet } = await import('./electron/safetyNet.ts');
    const { EventEmitter } = await import('node:events');
    installSafetyNet((line) => console.error(line.split('\\n')[0]));
    setTimeout(() => new EventEmitter().emit('error', new Error('server closed the connection')), 5);
    setTimeout(() => void Promise.reject(new Error('read-ahead failed')), 10);
    setTimeout(() => console.log('still serving'), 50);
  `;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: path.resolve('.') },
  );
  expect(stdout).toBe('still serving\n');
  expect(stderr).toContain(
    'Ebb kept running after an unexpected error (uncaughtException): Error: server closed the connection',
  );
  expect(stderr).toContain('(unhandled rejection): Error: read-ahead failed');
});
