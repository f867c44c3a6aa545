import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EBB_VERSION } from '../core/version.js';
import { PRODUCT_NAME } from './paths.js';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  version: string;
  main: string;
  bin: Record<string, string>;
  allowScripts: Record<string, boolean>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
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

/** electron-builder.yml as electron-builder reads it (js-yaml is its own YAML parser). */
interface BuilderConfig {
  appId: string;
  productName: string;
  directories?: { output?: string; buildResources?: string };
  files: string[];
  extraResources: { from: string; to: string; filter?: string[] }[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[] };
  mac: { target: string | string[] };
  win: { target: string | string[] };
  [key: string]: unknown;
}
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(builder) as BuilderConfig;

/** The few glob shapes the config uses: `dir/**`, `*.ext`, `**\/*.ext` and plain paths. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*\*/g, '\u0001')
    .replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '(?:.*/)?')
    .replace(/\u0001/g, '.*');
  return new RegExp(`^${body}$`);
}
const matchesAny = (file: string, globs: readonly string[]) =>
  globs.some((glob) => globToRegExp(glob).test(file));

/** Production dependencies and theirs (optional ones included when installed), as folders. */
function productionPackages(): string[] {
  const seen = new Set<string>();
  const visit = (name: string, from: string) => {
    for (let dir = from; ; dir = path.dirname(path.dirname(dir))) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) {
        if (seen.has(candidate)) return;
        seen.add(candidate);
        const manifest = JSON.parse(
          fs.readFileSync(path.join(candidate, 'package.json'), 'utf8'),
        ) as {
          dependencies?: Record<string, string>;
          optionalDependencies?: Record<string, string>;
        };
        for (const dep of Object.keys({
          ...manifest.dependencies,
          ...manifest.optionalDependencies,
        }))
          visit(dep, candidate);
        return;
      }
      if (dir === '.' || dir === path.dirname(dir)) return;
    }
  };
  for (const name of Object.keys(pkg.dependencies)) visit(name, '.');
  return [...seen];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('electron-builder.yml, parsed', () => {
  test('uses only keys electron-builder knows, and names the app the way the CLI finds its home', () => {
    const known = [
      'appId',
      'productName',
      'copyright',
      'directories',
      'files',
      'extraResources',
      'extraFiles',
      'asar',
      'asarUnpack',
      'npmRebuild',
      'nodeGypRebuild',
      'buildDependenciesFromSource',
      'electronVersion',
      'artifactName',
      'compression',
      'publish',
      'linux',
      'mac',
      'win',
      'nsis',
      'dmg',
      'deb',
      'appImage',
      'protocols',
      'fileAssociations',
      'afterSign',
      'afterPack',
    ];
    for (const key of Object.keys(config)) expect(known, `unknown key ${key}`).toContain(key);
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.directories?.output).toBe('release');
  });

  test('packages the built app only: every file pattern is something the build writes', () => {
    const positive = config.files.filter((glob) => !glob.startsWith('!'));
    expect(positive.sort()).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json']);
    expect(config.files).toContain('!**/*.map');
    // What the build writes lands under those patterns; the sources never do.
    expect(matchesAny(pkg.main, positive)).toBe(true);
    expect(matchesAny('dist/electron/preload.cjs', positive)).toBe(true);
    expect(matchesAny('dist/renderer/index.html', positive)).toBe(true);
    for (const source of [
      'core/createCore.ts',
      'electron/main.ts',
      'renderer/src/App.tsx',
      'e2e/fixtures.ts',
      'dist/electron/main.cjs.map',
    ])
      expect(
        matchesAny(source, positive) &&
          !matchesAny(
            source,
            config.files.filter((g) => g.startsWith('!')).map((g) => g.slice(1)),
          ),
        source,
      ).toBe(false);
    const vite = fs.readFileSync('renderer/vite.config.ts', 'utf8');
    expect(vite).toContain("outDir: path.join(here, '..', 'dist', 'renderer')");
    expect(pkg.scripts.dist).toBe(
      'npm run build && electron-builder --config electron-builder.yml',
    );
    expect(pkg.scripts.build).toContain('node electron/build/bundleElectron.mjs');
  });

  test('native modules are rebuilt for Electron and every .node binary they ship is unpacked from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@duckdb/**']),
    );
    const natives = productionPackages()
      .flatMap((dir) => filesUnder(dir))
      .filter((file) => file.endsWith('.node'))
      .map((file) => path.relative('.', file).split(path.sep).join('/'));
    expect(natives.some((file) => file.includes('better_sqlite3.node'))).toBe(true);
    expect(natives.some((file) => file.includes('duckdb.node'))).toBe(true);
    for (const file of natives) expect(matchesAny(file, config.asarUnpack), file).toBe(true);
    // The bundle must leave them to node_modules (require at run time), or the unpacking is moot.
    const bundler = fs.readFileSync('electron/build/bundleElectron.mjs', 'utf8');
    for (const name of ['better-sqlite3', '@duckdb/node-api', '@duckdb/node-bindings'])
      expect(bundler).toContain(`'${name}'`);
  });

  test('extra resources exist, match files, and land where the packaged app looks for them', () => {
    expect(config.extraResources.length).toBeGreaterThan(0);
    for (const resource of config.extraResources) {
      expect(fs.statSync(resource.from).isDirectory(), resource.from).toBe(true);
      const files = fs.readdirSync(resource.from);
      expect(
        files.filter((file) => matchesAny(file, resource.filter ?? ['**'])).length,
        resource.from,
      ).toBeGreaterThan(0);
      // electron/main.ts: resourcesDir = <process.resourcesPath>/resources when packaged.
      expect(resource.to.startsWith('resources/'), resource.to).toBe(true);
    }
    expect(config.extraResources.map((r) => r.to)).toContain('resources/sample');
    expect(fs.readFileSync('electron/main.ts', 'utf8')).toContain(
      "path.join(process.resourcesPath, 'resources')",
    );
  });

  test('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows, with the Electron it was tested with', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect([config.mac.target].flat()).toEqual(['dmg']);
    expect([config.win.target].flat()).toEqual(['nsis']);
    expect(pkg.dependencies.electron).toBeUndefined();
    const electron = JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8')) as {
      version: string;
    };
    expect(electron.version).toBe(pkg.devDependencies.electron);
  });
});

test('the installers get an icon from buildResources (512×512 PNG)', () => {
  const dir = /buildResources: (\S+)/.exec(builder)?.[1];
  expect(dir).toBe('resources/build');
  const png = fs.readFileSync(`${dir}/icon.png`);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
});
