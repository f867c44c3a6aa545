import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore, type Core } from '../createCore.js';
import { tempHome } from '../testing/tempHome.js';
import { callNames, contract } from './contract.js';
import { createDispatch, type Handlers } from './dispatch.js';
import { EbbError } from '../errors.js';

const resourcesDir = path.resolve('resources');
let cleanup: (() => void) | undefined;
let core: Core | undefined;
afterEach(() => {
  core?.close();
  cleanup?.();
});

function openCore(): Core {
  const temp = tempHome();
  cleanup = temp.cleanup;
  core = createCore({ home: temp.home, resourcesDir, host: 'cli' });
  return core;
}

test('the handler map implements exactly the calls of the contract', () => {
  expect(Object.keys(openCore().handlers).sort()).toEqual([...callNames].sort());
});

test('arguments are validated against the contract before any handler runs', async () => {
  const { dispatch } = openCore();
  expect(await dispatch('warehouses.add', { kind: 'duckdb', name: '' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('name') },
  });
  expect(await dispatch('warehouses.add', { kind: 'oracle', name: 'x' })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT' },
  });
  expect(await dispatch('warehouses.list', { unexpected: 1 })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT' },
  });
  expect(await dispatch('warehouses.list', 'not an object')).toMatchObject({ ok: false });
  expect(await dispatch('no.such', {})).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_CALL' },
  });
  expect(await dispatch('__proto__', {})).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_CALL' },
  });
  expect(await dispatch('warehouses.list', {})).toEqual({ ok: true, data: [] });
});

test('a call that takes nothing answers an empty argument as its schema does, without it', async () => {
  const takingNothing = callNames.filter((name) => contract[name].takesNothing);
  expect(takingNothing).toContain('warehouses.list');
  for (const name of takingNothing) {
    expect(contract[name].input.parse({})).toEqual({});
    expect(contract[name].input.safeParse({ x: 1 }).success).toBe(false);
  }
  const { dispatch } = openCore();
  for (const arg of [undefined, null, {}, Object.create(null)]) {
    expect(await dispatch('warehouses.list', arg)).toEqual({ ok: true, data: [] });
  }
  expect(await dispatch('warehouses.list', [])).toMatchObject({ ok: false });
});

test('user errors keep their code; unexpected ones become INTERNAL and are reported', async () => {
  const seen: unknown[] = [];
  const base = openCore().handlers;
  const handlers: Handlers = {
    ...base,
    'warehouses.list': () => {
      throw new EbbError('NOT_FOUND', 'gone');
    },
    'models.list': () => {
      throw new TypeError('boom');
    },
  };
  const dispatch = createDispatch(handlers, (error) => seen.push(error));
  expect(await dispatch('warehouses.list', {})).toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: 'gone' },
  });
  expect(await dispatch('models.list', {})).toMatchObject({
    ok: false,
    error: { code: 'INTERNAL' },
  });
  expect(seen).toHaveLength(1);
});

test('warehouses and models round-trip through the API, names are unique', async () => {
  const { dispatch, home } = openCore();
  const added = await dispatch('warehouses.add', {
    kind: 'duckdb',
    name: 'local',
    path: path.join(home, 'local.duckdb'),
  });
  expect(added).toMatchObject({ ok: true, data: { name: 'local', kind: 'duckdb' } });
  expect(
    await dispatch('warehouses.add', {
      kind: 'duckdb',
      name: 'local',
      path: path.join(home, 'x.duckdb'),
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
  const model = await dispatch('models.add', {
    name: 'active users',
    warehouse: 'local',
    sql: 'select 1 as id',
    idColumn: 'id',
  });
  expect(model).toMatchObject({
    ok: true,
    data: { name: 'active users', warehouse: 'local', timestampColumn: null },
  });
  const updated = await dispatch('models.update', { model: 'active users', idColumn: 'user_id' });
  expect(updated).toMatchObject({ ok: true, data: { idColumn: 'user_id', sql: 'select 1 as id' } });
  expect(await dispatch('models.update', { model: 'nope' })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  expect(await dispatch('warehouses.remove', { warehouse: 'local' })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
});

test('the Sample warehouse is created once, on first start, with users, accounts and events', async () => {
  const opened = openCore();
  await opened.ensureSampleWarehouse();
  await opened.ensureSampleWarehouse();
  const list = await opened.dispatch('warehouses.list', {});
  expect(list).toMatchObject({ ok: true, data: [{ name: 'Sample warehouse', isSample: true }] });
  const tables = await opened.dispatch('warehouses.tables', { warehouse: 'Sample warehouse' });
  expect(
    tables.ok &&
      (tables.data as { tables: { name: string; columns: unknown[] }[] }).tables.map((t) => t.name),
  ).toEqual(['accounts', 'events', 'users']);
});

test('connections are tested before they are saved, with errors that name the fix', async () => {
  const { dispatch, home } = openCore();
  expect(
    await dispatch('warehouses.check', { kind: 'duckdb', path: path.join(home, 'nope.duckdb') }),
  ).toMatchObject({
    ok: false,
    error: { code: 'WAREHOUSE_ERROR', message: expect.stringContaining('not found') },
  });
  expect(
    await dispatch('warehouses.check', { kind: 'postgres', url: 'postgres://u:pw@127.0.0.1:1/db' }),
  ).toMatchObject({
    ok: false,
  });
  expect(
    await dispatch('destinations.check', { config: { type: 'file', path: home } }),
  ).toMatchObject({ ok: true });
  expect(
    await dispatch('destinations.check', {
      config: { type: 'file', path: path.join(home, 'missing') },
    }),
  ).toMatchObject({
    ok: false,
  });
  expect(await dispatch('warehouses.list', {})).toEqual({ ok: true, data: [] });
  expect(await dispatch('destinations.list', {})).toEqual({ ok: true, data: [] });
});

test('a name another row of the same kind has is refused on add and on rename, naming it', async () => {
  const { dispatch, home } = openCore();
  const taken = (what: string, name: string) => ({
    ok: false,
    error: {
      code: 'CONFLICT',
      message: `A ${what} named "${name}" already exists. Choose another name.`,
    },
  });
  for (const name of ['a', 'b']) {
    const added = [
      await dispatch('warehouses.add', {
        kind: 'duckdb',
        name,
        path: path.join(home, `${name}.duckdb`),
      }),
      await dispatch('models.add', { name, warehouse: 'a', sql: 'select 1 as id', idColumn: 'id' }),
      await dispatch('destinations.add', {
        name,
        config: { type: 'file', path: path.join(home, name) },
      }),
      await dispatch('syncs.add', { name, model: 'a', destination: 'a' }),
    ];
    for (const answer of added) expect(answer).toMatchObject({ ok: true });
  }
  expect(
    await dispatch('warehouses.add', {
      kind: 'duckdb',
      name: 'a',
      path: path.join(home, 'c.duckdb'),
    }),
  ).toMatchObject(taken('warehouse', 'a'));
  expect(await dispatch('warehouses.update', { warehouse: 'b', name: 'a' })).toMatchObject(
    taken('warehouse', 'a'),
  );
  expect(await dispatch('models.update', { model: 'b', name: 'a' })).toMatchObject(
    taken('model', 'a'),
  );
  expect(await dispatch('destinations.update', { destination: 'b', name: 'a' })).toMatchObject(
    taken('destination', 'a'),
  );
  expect(await dispatch('syncs.update', { sync: 'b', name: 'a' })).toMatchObject(
    taken('sync', 'a'),
  );
  expect(await dispatch('destinations.update', { destination: 'nope', name: 'c' })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  expect(await dispatch('syncs.list', {})).toMatchObject({
    ok: true,
    data: [{ name: 'a' }, { name: 'b' }],
  });
});

test('an argument nesting deeper than any call takes is INVALID_ARGUMENT, not a stack overflow', async () => {
  const { dispatch } = openCore();
  const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
  const settings = { path: '/tmp/never.duckdb', x: deep };
  expect(await dispatch('warehouses.add', { kind: 'duckdb', name: 'w', settings })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('nests deeper') },
  });
  const config = { type: 'file', path: '/tmp/never', x: deep };
  expect(await dispatch('destinations.check', { config })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT' },
  });
  // The IPC host's structured clone can carry a cycle: bounded, refused, never a hang.
  const cyclic: Record<string, unknown> = { type: 'file' };
  cyclic.self = cyclic;
  cyclic.again = cyclic;
  expect(await dispatch('destinations.check', { config: cyclic })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT' },
  });
  expect(await dispatch('warehouses.list', {})).toMatchObject({ ok: true, data: [] });
});
