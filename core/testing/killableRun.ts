import { spawn } from 'node:child_process';
import path from 'node:path';

/** `ebb sync run NAME` in another process, as cron or the scheduler would start it. */
export function spawnSyncRun(home: string, sync: string) {
  const child = spawn(
    process.execPath,
    [path.resolve('electron/bin/ebb.mjs'), '--home', home, '--json', 'sync', 'run', sync],
    { cwd: path.resolve('.'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    exited,
    output: () => output,
    /** SIGKILL: no cleanup, no goodbye. Resolves when the process is gone. */
    async kill(): Promise<void> {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `probe` until it answers true (or the process exits first). */
export async function waitUntil(
  probe: () => boolean | Promise<boolean>,
  exited: Promise<unknown>,
  everyMs = 20,
): Promise<'reached' | 'exited'> {
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (await probe()) return 'reached';
    if (done) return 'exited';
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
