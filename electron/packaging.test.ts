import fs from 'node:fs';
import { expect, test } from 'vitest';
import { EBB_VERSION } from '../core/version.js';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  version: string;
  main: string;
  bin: Record<string, string>;
  allowScripts: Record<string, boolean>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const builder = fs.readFileSync('electron-builder.yml', 'utf8');

test('the engine reports the package version', () => {
  expect(EBB_VERSION).toBe(pkg.version);
});

test('every dependency is pinned to an exact version', () => {
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect(version, name).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  }
});

test("electron's install script stays off so npm ci works without its download host", () => {
  expect(pkg.allowScripts.electron).toBe(false);
  expect(fs.existsSync('node_modules/electron/electron.d.ts')).toBe(true);
});

test('the ebb bin and the Electron entry point exist where package.json says', () => {
  expect(fs.existsSync(pkg.bin.ebb!)).toBe(true);
  expect(pkg.main).toBe('dist/electron/main.cjs');
  const bundler = fs.readFileSync('electron/build/bundleElectron.mjs', 'utf8');
  expect(bundler).toContain("outfile: 'dist/electron/main.cjs'");
  expect(bundler).toContain("outfile: 'dist/electron/preload.cjs'");
});

test('electron-builder.yml names the app, its targets, unpacked natives and existing resources', () => {
  expect(builder).toMatch(/^appId: \S+/m);
  expect(builder).toMatch(/^productName: Ebb$/m);
  for (const target of ['AppImage', 'deb', 'dmg', 'nsis']) expect(builder).toContain(target);
  expect(builder).toContain('node_modules/better-sqlite3/**');
  expect(builder).toContain('node_modules/@duckdb/**');
  for (const match of builder.matchAll(/from: (\S+)/g))
    expect(fs.existsSync(match[1]!), match[1]).toBe(true);
  for (const table of ['users', 'accounts', 'events']) {
    expect(fs.existsSync(`resources/sample/${table}.csv`)).toBe(true);
  }
});
