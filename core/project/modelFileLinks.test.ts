import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { homePerTest } from '../testing/homePerTest.js';
import { exportedPeople } from '../testing/projectFixture.js';

const newHome = homePerTest('ebb-file-links-');

test('a second file naming a model another file holds never takes it over; a moved file does', async () => {
  const { open, dir, modelFile } = await exportedPeople(newHome());
  const { core, call } = open();
  try {
    const copy = path.join(dir, 'models', 'people_copy.sql');
    fs.writeFileSync(
      copy,
      '/*---\nname: people\nwarehouse: wh\nid: person_id\n---*/\nselect 42 as person_id\n',
    );
    for (let look = 0; look < 2; look++) {
      const [people, ...others] = await call('models.list', {});
      expect(others).toEqual([]);
      expect(people).toMatchObject({
        sql: 'select * from people',
        origin: { kind: 'file', path: modelFile, status: 'synced' },
      });
    }
    const imported = await call('project.import', { dir });
    expect(imported.models).toContainEqual({
      name: 'people',
      path: copy,
      action: 'invalid',
      message: expect.stringContaining(`already comes from ${modelFile}`),
    });
    // `git mv`: the old path is gone, so the file at the new path is the model's file now.
    fs.rmSync(copy);
    const moved = path.join(dir, 'models', 'folks.sql');
    fs.renameSync(modelFile, moved);
    const [people] = await call('models.list', {});
    expect(people).toMatchObject({
      sql: 'select * from people',
      origin: { kind: 'file', path: moved, status: 'synced' },
    });
  } finally {
    core.close();
  }
});

test('project export writes a model file deleted outside again, and links the model to it', async () => {
  const { open, dir, modelFile } = await exportedPeople(newHome());
  const { core, call } = open();
  try {
    fs.rmSync(modelFile);
    expect((await call('models.list', {}))[0]?.origin).toMatchObject({ status: 'missing' });
    const exported = await call('project.export', { dir });
    expect(exported.models).toEqual([{ name: 'people', path: modelFile, action: 'written' }]);
    expect(fs.readFileSync(modelFile, 'utf8')).toMatch(/---\*\/\nselect \* from people\n$/);
    expect((await call('models.list', {}))[0]?.origin).toEqual({
      kind: 'file',
      path: modelFile,
      status: 'synced',
    });
  } finally {
    core.close();
  }
});

test('project import reports a file renamed to a name already taken, and imports the others', async () => {
  const { open, dir, modelFile } = await exportedPeople(newHome());
  const { core, call } = open();
  try {
    await call('models.add', {
      name: 'folks',
      warehouse: 'wh',
      sql: 'select * from people where person_id < 3',
      idColumn: 'person_id',
    });
    fs.writeFileSync(
      modelFile,
      fs.readFileSync(modelFile, 'utf8').replace('name: people', 'name: folks'),
    );
    const added = path.join(dir, 'models', 'added.sql');
    fs.writeFileSync(added, '/*---\nwarehouse: wh\nid: person_id\n---*/\nselect * from people\n');
    const imported = await call('project.import', { dir });
    expect(imported.models).toEqual([
      { name: 'added', path: added, action: 'added' },
      {
        name: 'folks',
        path: modelFile,
        action: 'invalid',
        message: expect.stringMatching(/"folks" already exists/),
      },
    ]);
    expect((await call('models.list', {})).map((m) => m.name).sort()).toEqual([
      'added',
      'folks',
      'people',
    ]);
  } finally {
    core.close();
  }
});
