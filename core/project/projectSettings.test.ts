import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { homePerTest } from '../testing/homePerTest.js';
import { exportedPeople } from '../testing/projectFixture.js';

const newHome = homePerTest('ebb-project-settings-');

test('project import names a mistyped ebb.yml key instead of reading past it', async () => {
  const { open, dir } = await exportedPeople(newHome());
  const { core, call } = open();
  const settings = path.join(dir, 'ebb.yml');
  try {
    for (const [yaml, said] of [
      ['models: 42\n', /`models:` is the models folder, a path; got 42/],
      ['warehouse: [wh]\n', /`warehouse:` is the default warehouse, a name; got \["wh"\]/],
      ['- models\n', /is not a YAML mapping/],
    ] as const) {
      fs.writeFileSync(settings, yaml);
      await expect(call('project.import', { dir })).rejects.toThrow(said);
    }
    fs.writeFileSync(settings, 'models: models\nwarehouse: wh\n');
    expect((await call('project.import', { dir })).models).toMatchObject([
      { name: 'people', action: 'unchanged' },
    ]);
  } finally {
    core.close();
  }
});
