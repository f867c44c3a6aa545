import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { homePerTest } from '../testing/homePerTest.js';
import { exportedPeople } from '../testing/projectFixture.js';

const newHome = homePerTest('ebb-file-run-');

/**
 * A server's routine: `git pull` changes a model file, then `ebb sync preview|run` in a fresh
 * process, with no model list in between. The run must use the file as it is now.
 */
test('a sync previews and runs the model file as changed outside, without a model list first', async () => {
  const home = newHome();
  const { open, modelFile } = await exportedPeople(home);
  let { core, call } = open();
  try {
    await call('destinations.add', {
      name: 'out',
      config: { type: 'file', path: path.join(home, 'out') },
    });
    await call('syncs.add', { name: 'people-out', model: 'people', destination: 'out' });
  } finally {
    core.close();
  }

  fs.writeFileSync(
    modelFile,
    fs.readFileSync(modelFile, 'utf8').replace('from people', 'from people where person_id <= 2'),
  );

  ({ core, call } = open());
  try {
    const preview = await call('syncs.preview', { sync: 'people-out', limit: 20 });
    expect(preview.changes).toEqual({ new: 2, updated: 0, deleted: 0 });
    const run = await call('syncs.run', { sync: 'people-out' });
    expect(run).toMatchObject({ status: 'succeeded', delivered: 2 });
    const [model] = await call('models.list', {});
    expect(model).toMatchObject({
      sql: 'select * from people where person_id <= 2',
      origin: { kind: 'file', status: 'synced' },
    });
  } finally {
    core.close();
  }
});
