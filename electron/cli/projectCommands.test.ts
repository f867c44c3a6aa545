import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { tempHome } from '../../core/testing/tempHome.js';
import { ebbJson } from './testing/cliHarness.js';

const ebb = (home: string, ...args: string[]) =>
  ebbJson<{ models: { name: string; action: string }[] }>(home, ...args);

test('ebb project export DIR then ebb project import DIR in another home', async () => {
  const { home, cleanup } = tempHome('ebb-cli-project-');
  try {
    const a = path.join(home, 'a');
    const b = path.join(home, 'b');
    const warehouse = path.join(home, 'wh.duckdb');
    const dir = path.join(home, 'repo');
    for (const h of [a, b]) await ebb(h, 'warehouse', 'add', 'wh', '--duckdb', warehouse);
    await ebb(a, 'model', 'add', 'm', '--warehouse', 'wh', '--sql', 'select 1 as id', '--id', 'id');
    const exported = await ebb(a, 'project', 'export', dir);
    expect(exported.code).toBe(0);
    expect(exported.json.models).toMatchObject([{ name: 'm', action: 'written' }]);
    expect(fs.existsSync(path.join(dir, 'models', 'm.sql'))).toBe(true);
    const imported = await ebb(b, 'project', 'import', dir);
    expect(imported.code).toBe(0);
    expect(imported.json.models).toMatchObject([{ name: 'm', action: 'added' }]);
    fs.writeFileSync(path.join(dir, 'models', 'broken.sql'), 'select 2');
    const again = await ebb(b, 'project', 'import', dir);
    expect(again.code).toBe(1);
    expect(again.json.models).toMatchObject([
      { name: 'broken', action: 'invalid' },
      { name: 'm', action: 'unchanged' },
    ]);
  } finally {
    cleanup();
  }
});
