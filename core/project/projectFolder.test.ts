import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallInput, CallName, CallOutput } from '../api/contract.js';
import { createCore, type Core } from '../createCore.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { tempHome } from '../testing/tempHome.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

function open(home: string) {
  const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
  const call = async <N extends CallName>(name: N, arg: CallInput<N>): Promise<CallOutput<N>> => {
    const answer = await core.dispatch(name, arg);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer.data as CallOutput<N>;
  };
  return { core, call };
}

const SEED = `create table people as select i as person_id, 'p' || i as name from generate_series(1, 5) as g(i)`;

async function warehouseLocation(kind: 'duckdb' | 'postgres', home: string, db: string) {
  if (kind === 'duckdb') {
    const file = path.join(home, 'wh.duckdb');
    await runDuckDb(file, SEED);
    return { kind, name: 'wh', path: file } as const;
  }
  const url = await server.createDatabase(db);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(SEED);
  await client.end();
  return { kind, name: 'wh', url } as const;
}

describe.each(['duckdb', 'postgres'] as const)('models as files on %s', (kind) => {
  test('export, outside edit picked up, app save written back, conflicts kept, new files imported', async () => {
    const { home, cleanup } = tempHome('ebb-project-');
    let core: Core | undefined;
    try {
      const opened = open(home);
      core = opened.core;
      const { call } = opened;
      await call('warehouses.add', await warehouseLocation(kind, home, 'files_a'));
      await call('models.add', {
        name: 'people',
        warehouse: 'wh',
        sql: 'select * from people',
        idColumn: 'person_id',
        description: 'Everyone.',
      });
      const dir = path.join(home, 'repo');
      const exported = await call('project.export', { dir });
      const file = path.join(dir, 'models', 'people.sql');
      expect(exported.models).toEqual([{ name: 'people', path: file, action: 'written' }]);
      expect(fs.readFileSync(path.join(dir, 'ebb.yml'), 'utf8')).toMatch(/models: models/);
      expect(fs.readFileSync(file, 'utf8')).toBe(
        '/*---\nname: people\nwarehouse: wh\nid: person_id\ndescription: Everyone.\n---*/\nselect * from people\n',
      );
      const people = async () => (await call('models.list', {})).find((m) => m.name === 'people')!;
      expect((await people()).origin).toEqual({ kind: 'file', path: file, status: 'synced' });

      // A `git pull` changes the file: the next look takes it in.
      fs.writeFileSync(
        file,
        fs
          .readFileSync(file, 'utf8')
          .replace('select * from people', 'select * from people where person_id > 1'),
      );
      expect(await people()).toMatchObject({
        sql: 'select * from people where person_id > 1',
        origin: { status: 'synced' },
      });
      const check = await call('models.check', {
        warehouse: 'wh',
        sql: (await people()).sql,
        idColumn: 'person_id',
      });
      expect(check.ok).toBe(true);

      // Saved in the app: the file is written back.
      const saved = await call('models.update', { model: 'people', timestampColumn: 'name' });
      expect(saved.origin).toMatchObject({ status: 'synced' });
      expect(fs.readFileSync(file, 'utf8')).toMatch(/\ntimestamp: name\n/);

      // Both sides change: the app's save does not overwrite the file, the file does not
      // overwrite the app, and both stay as they are until a side is picked.
      const outside = fs.readFileSync(file, 'utf8').replace('person_id > 1', 'person_id > 2');
      fs.writeFileSync(file, outside);
      const clash = await call('models.update', {
        model: 'people',
        sql: 'select * from people where person_id > 3',
      });
      expect(clash.origin).toMatchObject({ kind: 'file', status: 'conflict' });
      expect(fs.readFileSync(file, 'utf8')).toBe(outside);
      expect(await people()).toMatchObject({
        sql: 'select * from people where person_id > 3',
        origin: { status: 'conflict' },
      });
      expect(fs.readFileSync(file, 'utf8')).toBe(outside);
      expect((await call('models.fileText', { model: 'people' })).text).toBe(outside);
      const keptFile = await call('models.resolveConflict', { model: 'people', keep: 'file' });
      expect(keptFile).toMatchObject({
        sql: 'select * from people where person_id > 2',
        origin: { status: 'synced' },
      });

      // Again, this time keeping the app's version: written to the file.
      fs.writeFileSync(file, outside.replace('person_id > 2', 'person_id > 4'));
      await call('models.update', { model: 'people', sql: 'select * from people' });
      expect((await people()).origin).toMatchObject({ status: 'conflict' });
      await call('models.resolveConflict', { model: 'people', keep: 'app' });
      expect(fs.readFileSync(file, 'utf8')).toMatch(/---\*\/\nselect \* from people\n$/);
      expect((await people()).origin).toMatchObject({ status: 'synced' });

      // A file added by a teammate becomes a model (sibling .yml form); a broken one is reported.
      fs.writeFileSync(
        path.join(dir, 'models', 'vips.sql'),
        'select * from people where person_id < 3\n',
      );
      fs.writeFileSync(
        path.join(dir, 'models', 'vips.yml'),
        'warehouse: wh\nid: person_id\ndescription: The first two.\n',
      );
      const listed = await call('models.list', {});
      expect(listed.find((m) => m.name === 'vips')).toMatchObject({
        sql: 'select * from people where person_id < 3',
        idColumn: 'person_id',
        description: 'The first two.',
        origin: { kind: 'file', status: 'synced' },
      });
      fs.writeFileSync(file, '/*---\nname: people\nwarehouse: wh\n---*/\nselect 1\n');
      expect((await people()).origin).toMatchObject({
        status: 'invalid',
        message: expect.stringMatching(/id column is required/),
      });
      // Saving a sibling-.yml model keeps that form.
      await call('models.update', { model: 'vips', description: 'The first two people.' });
      expect(fs.readFileSync(path.join(dir, 'models', 'vips.yml'), 'utf8')).toMatch(
        /description: The first two people\./,
      );
      expect(fs.readFileSync(path.join(dir, 'models', 'vips.sql'), 'utf8')).toBe(
        'select * from people where person_id < 3\n',
      );
    } finally {
      core?.close();
      cleanup();
    }
  });

  test('project import into another home makes the same models', async () => {
    const { home, cleanup } = tempHome('ebb-project-');
    const cores: Core[] = [];
    try {
      const first = open(path.join(home, 'a'));
      cores.push(first.core);
      const location = await warehouseLocation(kind, home, 'files_b');
      await first.call('warehouses.add', location);
      await first.call('models.add', {
        name: 'people',
        warehouse: 'wh',
        sql: 'select person_id, name\nfrom people',
        idColumn: 'person_id',
        timestampColumn: null,
      });
      const dir = path.join(home, 'repo');
      await first.call('project.export', { dir });

      const second = open(path.join(home, 'b'));
      cores.push(second.core);
      await expect(second.call('project.import', { dir })).resolves.toMatchObject({
        models: [
          {
            name: 'people',
            action: 'invalid',
            message: expect.stringMatching(/"wh" is not configured/),
          },
        ],
      });
      await second.call('warehouses.add', location);
      const imported = await second.call('project.import', { dir });
      expect(imported.models).toEqual([
        { name: 'people', path: path.join(dir, 'models', 'people.sql'), action: 'added' },
      ]);
      const [model] = await second.call('models.list', {});
      expect(model).toMatchObject({
        name: 'people',
        sql: 'select person_id, name\nfrom people',
        idColumn: 'person_id',
        timestampColumn: null,
      });
      const rows = await second.call('models.run', {
        warehouse: 'wh',
        sql: model!.sql,
        idColumn: 'person_id',
        limit: 10,
      });
      expect(rows.rows).toHaveLength(5);
      await expect(
        second.call('project.import', { dir: path.join(home, 'nothing') }),
      ).rejects.toThrow(/no ebb\.yml/);
    } finally {
      for (const core of cores) core.close();
      cleanup();
    }
  });
});
