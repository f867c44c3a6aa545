import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';
import { homePerTest } from './testing/cliHarness.js';

const home = homePerTest('ebb-closed-stdout-');

/** `ebb …` with its stdout read by nobody: the reader closed its end before the answer came. */
async function withClosedStdout(
  ...args: string[]
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [path.resolve('electron/bin/ebb.cjs'), ...args], {
    cwd: path.resolve('.'),
  });
  // As `ebb destination types | head -0`, or a script that stopped reading: EPIPE on write.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

test('a reader that closed stdout early gets no Node stack trace, and the exit code stays the command’s', async () => {
  const dir = home();
  const types = await withClosedStdout('--home', dir, '--json', 'destination', 'types');
  expect(types.stderr).not.toMatch(/EPIPE|Unhandled 'error'/);
  expect(types.code).toBe(0);
  const missing = await withClosedStdout('--home', dir, '--json', 'sync', 'run', 'nope');
  expect(missing.stderr).toBe(
    'ebb: No sync named "nope". See the configured ones with `ebb sync list`.\n',
  );
  expect(missing.code).toBe(1);
}, 60_000);
