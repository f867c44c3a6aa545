import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';

const bundle = path.resolve('dist/node/ebb.cjs');

const ebb = (home: string) =>
  spawnSync(
    process.execPath,
    ['electron/bin/ebb.mjs', '--home', home, '--json', 'warehouse', 'list'],
    {
      encoding: 'utf8',
    },
  );

test('the ebb bin rebuilds its bundle when a source is newer, and never runs the stale one', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bundle-'));
  try {
    expect(ebb(home).status).toBe(0); // built if missing
    // Every source is now newer than the bundle, as after an edit or a checkout.
    const past = new Date('2001-01-01T00:00:00Z');
    fs.utimesSync(bundle, past, past);
    const answer = ebb(home);
    expect(answer.status).toBe(0);
    expect(JSON.parse(answer.stdout)).toEqual({ warehouses: [] });
    expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(past.getTime());
    const inputs = JSON.parse(fs.readFileSync(`${bundle}.inputs.json`, 'utf8')) as string[];
    expect(inputs).toContain('electron/cli/runCli.ts');
    expect(inputs).toContain('core/createCore.ts');
    // Dependencies are stood for by the lock file, wherever node_modules is (even a link).
    expect(inputs).toContain('package-lock.json');
    expect(inputs.filter((input) => input.split('/').includes('node_modules'))).toEqual([]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('the bundle loads the warehouse drivers only when a warehouse is used', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bundle-'));
  expect(ebb(home).status).toBe(0);
  fs.rmSync(home, { recursive: true, force: true });
  const source = fs.readFileSync(bundle, 'utf8');
  // Behind a proxy that requires them on first use: pg from node_modules, DuckDB's JavaScript
  // from its own file beside the bundle (its native library from node_modules).
  expect(source).toContain('require("pg")');
  expect(source).toContain('require.chunk("ebb.duckdb-node-api.cjs")');
  expect(source).not.toContain('require("@duckdb/node-api")');
  const duckdb = fs.readFileSync(bundle.replace(/\.cjs$/, '.duckdb-node-api.cjs'), 'utf8');
  expect(duckdb).toContain('require("@duckdb/node-bindings")');
  expect(duckdb).not.toContain('require("@duckdb/node-api")');
});

test('ebb warehouse list starts without loading any warehouse driver, node:http(s) or node:crypto', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bundle-'));
  const hook = path.join(home, 'trace-requires.cjs');
  // Notes every bare module the process requires, as the bundle's lazy proxies would load them.
  fs.writeFileSync(
    hook,
    `const Module = require('node:module');
     const load = Module._load;
     Module._load = function (request, ...rest) {
       if (!request.startsWith('.') && !request.startsWith('/'))
         process.stderr.write('REQUIRED ' + request + '\\n');
       return load.call(this, request, ...rest);
     };`,
  );
  try {
    const answer = spawnSync(
      process.execPath,
      ['--require', hook, 'electron/bin/ebb.mjs', '--home', home, '--json', 'warehouse', 'list'],
      { encoding: 'utf8' },
    );
    expect(answer.status).toBe(0);
    const required = answer.stderr.split('\n').filter((line) => line.startsWith('REQUIRED '));
    expect(required.length).toBeGreaterThan(0); // the hook ran (the SQLite addon at least)
    for (const driver of ['@duckdb/node-bindings', 'pg', 'mysql2', 'snowflake-sdk']) {
      expect(required).not.toContain(`REQUIRED ${driver}`);
    }
    // Only a destination's HTTP calls, `ebb serve`, opening the app and secrets need these.
    for (const builtin of ['node:http', 'node:https', 'node:child_process', 'node:crypto']) {
      expect(required).not.toContain(`REQUIRED ${builtin}`);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
