import path from 'node:path';
import { runDuckDb } from '../../../core/testing/duckdbFile.js';
import { homePerTest } from '../../../core/testing/homePerTest.js';

export { homePerTest };
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

/**
 * A DuckDB warehouse `w` in the home holding `users(id…)` of `rows` rows, and a model `m` of
 * `select * from users` by id: what most CLI tests sync from. Answers the warehouse file.
 */
export async function usersModel(
  home: string,
  rows: number,
  options: { columns?: string; warehouseFlags?: (file: string) => string[] } = {},
): Promise<string> {
  const file = path.join(home, 'w.duckdb');
  await runDuckDb(
    file,
    `create table users as select range as id${options.columns ?? ''} from range(${rows})`,
  );
  const flags = options.warehouseFlags?.(file) ?? ['--duckdb', file];
  for (const args of [
    ['warehouse', 'add', 'w', ...flags],
    ['model', 'add', 'm', '--warehouse', 'w', '--sql', 'select * from users', '--id', 'id'],
  ]) {
    const done = await ebbJson(home, ...args);
    if (done.code !== 0) throw new Error(`ebb ${args.join(' ')}: ${done.stderr}`);
  }
  return file;
}

/**
 * The words of a command line: `` words`sync add s --model ${model}` `` is
 * `['sync', 'add', 's', '--model', model]`. Each `${…}` stays one word, spaces and all.
 */
export function words(strings: TemplateStringsArray, ...values: string[]): string[] {
  return strings.flatMap((text, i) => [
    ...text.split(/\s+/).filter(Boolean),
    ...(i < values.length ? [values[i]!] : []),
  ]);
}
