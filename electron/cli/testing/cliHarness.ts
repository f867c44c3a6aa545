import { afterEach } from 'vitest';
import { tempHome } from '../../../core/testing/tempHome.js';
import { runCli } from '../runCli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process as a user would start it, capturing what it prints. */
export async function runCaptured(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    interrupted: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

/** `ebb --home HOME --json …` with its answer parsed (`{}` when it printed nothing). */
export async function ebbJson<T = Record<string, unknown>>(
  home: string,
  ...args: string[]
): Promise<CliResult & { json: T }> {
  const result = await runCaptured(['--home', home, '--json', ...args]);
  return { ...result, json: (result.stdout ? JSON.parse(result.stdout) : {}) as T };
}

/** A fresh home folder per call, removed after the test that asked for it. */
export function homePerTest(prefix?: string): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const temp = tempHome(prefix);
    cleanups.push(temp.cleanup);
    return temp.home;
  };
}
