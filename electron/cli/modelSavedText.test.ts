import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ebbJson, homePerTest, runCaptured, usersModel } from './testing/cliHarness.js';

const newHome = homePerTest('ebb-model-saved-');

test('model update says when its file was not written (a conflict) and when it is a draft', async () => {
  const home = newHome();
  await usersModel(home, 3);
  const repo = path.join(home, 'repo');
  expect((await ebbJson(home, 'project', 'export', repo)).code).toBe(0);
  const file = path.join(repo, 'models', 'm.sql');
  const outside = fs.readFileSync(file, 'utf8').replace('from users', 'from users where id > 0');
  fs.writeFileSync(file, outside);

  const updated = await runCaptured([
    ...['--home', home, 'model', 'update', 'm'],
    ...['--sql', 'select * from users where id > 1'],
  ]);
  expect(updated.code).toBe(0);
  expect(updated.stdout).toContain(`Its file ${file} was not written (conflict)`);
  expect(fs.readFileSync(file, 'utf8')).toBe(outside);

  const draft = await runCaptured([
    ...['--home', home, 'model', 'update', 'm', '--sql', 'select * from no_such_table'],
  ]);
  expect(draft.code).toBe(0);
  expect(draft.stdout).toMatch(/Saved as a draft: .*\n- SQL_ERROR: /);
});

test('model list shows where each model comes from, and a file in conflict', async () => {
  const home = newHome();
  await usersModel(home, 3);
  const repo = path.join(home, 'repo');
  await ebbJson(home, 'project', 'export', repo);
  const file = path.join(repo, 'models', 'm.sql');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('from users', 'from users u'));
  await ebbJson(home, 'model', 'update', 'm', '--sql', 'select * from users where id > 1');
  const listed = await runCaptured(['--home', home, 'model', 'list']);
  expect(listed.stdout.split('\n')[0]).toMatch(
    /^name\s+warehouse\s+idColumn\s+timestampColumn\s+source$/,
  );
  expect(listed.stdout).toContain(`${file} (conflict)`);
  const json = await ebbJson<{ models: Record<string, unknown>[] }>(home, 'model', 'list');
  expect(json.json.models[0]).not.toHaveProperty('source');
});

test('model resolve --keep file|app ends a conflict from the command line', async () => {
  const home = newHome();
  await usersModel(home, 3);
  const repo = path.join(home, 'repo');
  await ebbJson(home, 'project', 'export', repo);
  const file = path.join(repo, 'models', 'm.sql');
  const clash = async (fileSql: string, appSql: string) => {
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/\nselect .*\n$/, `\n${fileSql}\n`),
    );
    const saved = await runCaptured(['--home', home, 'model', 'update', 'm', '--sql', appSql]);
    expect(saved.stdout).toContain('`ebb model resolve m --keep file|app`');
  };
  await clash('select * from users where id > 0', 'select * from users where id > 1');
  const keptFile = await ebbJson(home, 'model', 'resolve', 'm', '--keep', 'file');
  expect(keptFile).toMatchObject({
    code: 0,
    json: { sql: 'select * from users where id > 0', origin: { status: 'synced' } },
  });
  await clash('select * from users where id > 2', 'select * from users where id > 3');
  expect((await ebbJson(home, 'model', 'resolve', 'm', '--keep', 'app')).code).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toMatch(/\nselect \* from users where id > 3\n$/);
  expect((await ebbJson(home, 'model', 'resolve', 'm', '--keep', 'both')).code).toBe(2);
});
