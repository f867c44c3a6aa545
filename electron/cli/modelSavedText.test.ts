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
