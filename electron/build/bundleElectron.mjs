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
  // Imported dynamically by their adapters: required only when such a warehouse opens.
  'snowflake-sdk',
  '@google-cloud/bigquery',
];
const common = {
  logOverride: { 'empty-import-meta': 'silent' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  // import() of the cloud drivers becomes a require() on first use (a CommonJS bundle has no
  // loader for a real dynamic import).
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' });
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
});
console.log('bundled dist/electron/main.cjs and dist/electron/preload.cjs');
