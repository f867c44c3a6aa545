import { runCli } from './runCli.js';

const interrupted = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

/** The `ebb` process: one command line with this process's stdio, environment and signals. */
export async function runCliProcess(argv: readonly string[]): Promise<void> {
  const code = await runCli(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    interrupted,
  });
  process.exitCode = code;
}
