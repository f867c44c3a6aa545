import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore, type Core } from '../createCore.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { tempHome } from '../testing/tempHome.js';

let core: Core | undefined;
let cleanup: (() => void) | undefined;
afterEach(() => {
  core?.close();
  cleanup?.();
});

/** A home with a DuckDB warehouse `w`, a project folder, and a folder beside it holding a model. */
async function setup() {
  const temp = tempHome('ebb-models-folder-');
  cleanup = temp.cleanup;
  const file = path.join(temp.home, 'w.duckdb');
  await runDuckDb(file, 'create table users as select range as user_id from range(3)');
  core = createCore({ home: temp.home, resourcesDir: path.resolve('resources'), host: 'cli' });
  expect(
    await core.dispatch('warehouses.add', { kind: 'duckdb', name: 'w', path: file }),
  ).toMatchObject({ ok: true });
  const project = path.join(temp.home, 'project');
  const outside = path.join(temp.home, 'outside');
  fs.mkdirSync(project);
  fs.mkdirSync(path.join(outside, 'deep'), { recursive: true });
  const planted = path.join(outside, 'deep', 'planted.sql');
  fs.writeFileSync(
    planted,
    '/*---\nname: planted\nwarehouse: w\nid: user_id\n---*/\nselect * from users\n',
  );
  return { core, project, outside, planted };
}

test.each([
  ['a relative path out', '../outside'],
  ['an absolute path', 'ABSOLUTE'],
])(
  'ebb.yml naming a models folder outside the project (%s) is refused: nothing read or written',
  async (_label, models) => {
    const { core, project, outside, planted } = await setup();
    const named = models === 'ABSOLUTE' ? outside : models;
    fs.writeFileSync(path.join(project, 'ebb.yml'), `version: 1\nmodels: ${named}\n`);
    const imported = await core.dispatch('project.import', { dir: project });
    expect(imported).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('outside the project folder'),
      },
    });
    expect(await core.dispatch('models.list', {})).toEqual({ ok: true, data: [] });
    await core.dispatch('models.add', {
      name: 'm',
      warehouse: 'w',
      sql: 'select * from users',
      idColumn: 'user_id',
    });
    expect(await core.dispatch('project.export', { dir: project })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(fs.readdirSync(outside).sort()).toEqual(['deep']);
    expect(fs.readdirSync(path.dirname(planted))).toEqual(['planted.sql']);
  },
);

test('a models folder that is a symlink out of the project is refused', async () => {
  const { core, project, outside } = await setup();
  fs.writeFileSync(path.join(project, 'ebb.yml'), 'version: 1\nmodels: models\n');
  fs.symlinkSync(outside, path.join(project, 'models'));
  expect(await core.dispatch('project.import', { dir: project })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT' },
  });
  expect(await core.dispatch('models.list', {})).toEqual({ ok: true, data: [] });
});

test('a models folder inside the project, however spelled, still imports', async () => {
  const { core, project } = await setup();
  fs.writeFileSync(path.join(project, 'ebb.yml'), 'version: 1\nmodels: ./sub/../sql\n');
  fs.mkdirSync(path.join(project, 'sql'));
  fs.writeFileSync(
    path.join(project, 'sql', 'users.sql'),
    '/*---\nname: users\nwarehouse: w\nid: user_id\n---*/\nselect * from users\n',
  );
  expect(await core.dispatch('project.import', { dir: project })).toMatchObject({
    ok: true,
    data: { models: [{ name: 'users', action: 'added' }] },
  });
});
