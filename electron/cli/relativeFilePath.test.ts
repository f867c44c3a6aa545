import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { runDuckDb } from '../../core/testing/duckdbFile.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { runCaptured } from './testing/cliHarness.js';

const { home: dir, cleanup } = tempHome('ebb-relative-');
afterAll(() => cleanup());

const ebb = (...args: string[]) => runCaptured(['--home', dir, ...args]);

test('a relative file destination folder is resolved once, where it was given, and stored absolute', async () => {
  // The destination is added by a CLI started in another folder than the one that runs it.
  const where = path.join(dir, 'added-here');
  fs.mkdirSync(path.join(where, 'out'), { recursive: true });
  await promisify(execFile)(
    process.execPath,
    [
      path.resolve('electron/bin/ebb.mjs'),
      '--home',
      dir,
      'destination',
      'add',
      'files',
      '--type',
      'file',
      '--path',
      'out',
    ],
    { cwd: where },
  );
  const listed = JSON.parse((await ebb('--json', 'destination', 'list')).stdout) as {
    destinations: { name: string; target: string }[];
  };
  expect(listed.destinations[0]?.target).toContain(path.join(where, 'out'));

  const warehouse = path.join(dir, 'w.duckdb');
  await runDuckDb(warehouse, 'create table t as select range as id from range(3)');
  for (const command of [
    ['warehouse', 'add', 'w', '--duckdb', warehouse],
    ['model', 'add', 'm', '--warehouse', 'w', '--sql', 'select * from t', '--id', 'id'],
    ['sync', 'add', 's', '--model', 'm', '--destination', 'files'],
    ['sync', 'run', 's'],
  ]) {
    const done = await ebb(...command);
    expect(done.code, done.stdout + done.stderr).toBe(0);
  }
  // This process's working directory is the project, not where the destination was added.
  expect(process.cwd()).not.toBe(where);
  const written = fs.readdirSync(path.join(where, 'out')).filter((f) => f.endsWith('.jsonl'));
  expect(written).toHaveLength(1);
  expect(
    fs
      .readFileSync(path.join(where, 'out', written[0]!), 'utf8')
      .trim()
      .split('\n'),
  ).toHaveLength(3);
});
