// Bundles the Electron main process and preload into CommonJS files under dist/electron.
// The preload runs sandboxed, so it must be one self-contained file.
import { build } from 'esbuild';

const external = [
  'electron',
  'better-sqlite3',
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  'pg',
  'pg-native',
  'mysql2',
];
const common = {
  logOverride: { 'empty-import-meta': 'silent' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' });
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
});
console.log('bundled dist/electron/main.cjs and dist/electron/preload.cjs');
