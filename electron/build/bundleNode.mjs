// Bundles the `ebb` CLI (which also hosts the HTTP server, `ebb serve`) into one CommonJS file,
// dist/node/ebb.cjs, so a start loads plain JavaScript instead of compiling TypeScript at every
// start (~0.6 s under tsx). Next to it goes the list of source files it was built from:
// electron/bin/loadBundle.cjs rebuilds the bundle when one of them is newer, so a stale bundle
// never runs. CommonJS rather than ESM so that loadBundle can hand V8 a code cache.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundlePath, inputsPath, NODE_BUNDLES, projectRoot as root } from './nodeBundles.cjs';

const require = createRequire(import.meta.url);

/** Native addons stay in node_modules (they cannot be bundled). */
const NATIVE = ['@duckdb/node-bindings', '@duckdb/node-bindings-*', 'pg-native'];

/**
 * better-sqlite3 (the config store, opened by every command) is bundled but for its native
 * addon: Node no longer resolves and compiles its dozen files at every start (~15 ms). The
 * `bindings` package it finds the addon with searches from the caller's file, which in a bundle
 * is the bundle, so the addon is required where its build puts it instead.
 */
const sqliteAddon = {
  name: 'sqlite-addon',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, (args) =>
      args.importer.includes('better-sqlite3')
        ? { path: 'bindings', namespace: 'sqlite-addon' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sqlite-addon' }, () => ({
      loader: 'js',
      contents: `module.exports = () => require('better-sqlite3/build/Release/better_sqlite3.node');`,
    }));
    b.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * Node's own modules that only some commands use (a destination's HTTP calls, `ebb serve`,
 * opening the app, secrets, the default home): behind the same proxy, so that `ebb warehouse
 * list` does not load them (node:http and node:https with their tls/net/stream graph are ~10 ms
 * of a start, node:crypto with node:stream ~10 ms).
 */
const LAZY_BUILTINS = [
  'node:http',
  'node:https',
  'node:child_process',
  'node:fs/promises',
  'node:crypto',
  'node:os',
];

/**
 * The warehouse drivers are loaded on first use, not at start: `ebb warehouse list` must not pay
 * for loading DuckDB (its JavaScript and a 50 MB native library), pg or mysql2; nor zod or yaml.
 * Each import of them is replaced by a proxy that requires the real module the first time one of
 * its exports is read (esbuild's CommonJS output reads imports as properties at the point of
 * use, so nothing is read at start).
 */
const LAZY = ['@duckdb/node-api', 'pg', 'mysql2', 'yaml', 'zod', ...LAZY_BUILTINS];
/**
 * Of those, the ones whose JavaScript is bundled, each into a file of its own beside the bundle
 * (dist/node/ebb.zod.cjs, chunkPath), which the proxy loads through loadBundle, with a code
 * cache of its own, on first use. @duckdb/node-api is ~60 files that Node otherwise resolves and compiles at
 * every DuckDB sync (~0.1 s of a no-op sync); zod (every schema is built on first use,
 * core/once.ts, and a list call validates its empty argument without it, core/api/dispatch.ts)
 * and yaml (project files). `ebb warehouse list` runs none of them: inside the bundle, their
 * 0.5 MB of JavaScript was read at every start, and zod's 1,200 exports defined (esbuild hoists
 * a module's export object out of its lazy wrapper).
 */
const BUNDLED_LAZY = ['@duckdb/node-api', 'yaml', 'zod'];
/**
 * Of those, the ones bundled as their ES module build (what an import resolves to; the chunk
 * exports its namespace): zod's, whose locales zodEnglishOnly trims (its CommonJS build is
 * another set of files).
 */
const IMPORTED_LAZY = ['zod'];
/** The file beside the bundle `outfile` that a lazy module's JavaScript goes into. */
const chunkPath = (outfile, name) =>
  outfile.replace(/\.cjs$/, `.${name.replace(/^@/, '').replace(/[^A-Za-z0-9]+/g, '-')}.cjs`);
/**
 * The cloud warehouses' drivers are imported dynamically where they are used
 * (core/warehouse/snowflakeAdapter.ts, bigqueryAdapter.ts): kept out of the bundle (they are
 * large, and snowflake-sdk ships native binaries), required only when a warehouse opens.
 */
const DYNAMIC = ['snowflake-sdk', '@google-cloud/bigquery'];
const lazyDrivers = {
  name: 'lazy-drivers',
  setup(b) {
    const filter = new RegExp(`^(${LAZY.map((n) => n.replace(/[/@]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => {
      // An import goes to the shared module in front of the proxy (see sharedBuiltins), which
      // requires the proxy.
      if (args.namespace !== 'lazy' && args.namespace !== 'shared')
        return { path: args.path, namespace: 'shared' };
      if (args.namespace === 'shared') return { path: args.path, namespace: 'lazy' };
      // The proxy's own require: the others stay in node_modules (or in Node).
      return { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const esModule = require(args.path).__esModule === true;
      // A bundled one from its chunk, by loadBundle's `require.chunk` (compiled from its code
      // cache; DuckDB's native library stays in node_modules).
      const chunk = BUNDLED_LAZY.includes(args.path)
        ? path.basename(chunkPath(b.initialOptions.outfile, args.path))
        : undefined;
      return {
        loader: 'js',
        resolveDir: root,
        contents: `let real;
const load = () => (real ??= ${chunk ? `require.chunk(${JSON.stringify(chunk)})` : `require(${JSON.stringify(args.path)})`});
// The exports are read through a proxy, the prototype of an object with no key of its own:
// esbuild's interop copies a CommonJS module's own keys when it is imported (__toESM), at
// every start (~700 of them through a proxy's traps, 5-15 ms), and finds these on the
// prototype instead. __esModule, which the interop reads then, is answered without loading.
module.exports = Object.create(
  new Proxy({}, {
    get: (_, key) => (key === '__esModule' ? ${JSON.stringify(esModule)} : load()[key]),
    has: (_, key) => key in load(),
  }),
);`,
      };
    });
  },
};

/**
 * Node's modules imported as a whole (`import fs from 'node:fs'`) are copied into a fresh
 * object at each importing file by esbuild's CommonJS interop (15 copies of node:fs's 104
 * exports, 18 of node:path's, 4 of DuckDB's 280: 3,257 getters defined at every start). Each
 * goes through one shared module instead, which names the module's exports (listed here, at
 * build time): an import of one reads it from the module where it is used, and nothing is
 * copied at start (`export *` from a CommonJS module copied every export, twice for the lazy
 * modules' proxies and through their traps: ~1,900 getters, ~5 ms of a start). An import of a
 * name the module does not export fails the build.
 */
const sharedBuiltins = {
  name: 'shared-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'shared'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'shared' },
    );
    // The same for the lazy modules' proxies (lazyDrivers).
    b.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => {
      const names = Object.keys(require(args.path)).filter((key) => key !== 'default');
      return {
        loader: 'js',
        resolveDir: root,
        contents: `const m = require(${JSON.stringify(args.path)});
export default m;
export { ${names.map((name) => JSON.stringify(name)).join(', ')} } from ${JSON.stringify(args.path)};`,
      };
    });
  },
};

/**
 * zod's messages are English (its `en` locale, set when it loads); its other 40-odd locales,
 * reachable only as `z.locales.*`, which Ebb never uses, were a fifth of the bundle read and
 * compiled at every start. They are left out: `z.locales` holds `en` only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? {
            path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'),
            namespace: 'zod-en',
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      loader: 'js',
      resolveDir: path.dirname(args.path),
      contents: `export { default as en } from './en.js';`,
    }));
  },
};

/** What the bundle and its chunks are built with. */
const common = {
  absWorkingDir: root,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: [...NATIVE, ...DYNAMIC, 'electron'],
  // import() of the cloud drivers becomes a require() on first use: a CommonJS bundle (run
  // through vm.Script by loadBundle) has no loader for a real dynamic import.
  supported: { 'dynamic-import': false },
  // Smaller to read and parse at every start. Names are not kept (keepNames renamed every
  // function and class at every start, ~15 ms): errors name themselves (`this.name = …`), and
  // stack traces map back to the sources through ebb.cjs.map (node --enable-source-maps).
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  // electron/paths.ts reads __dirname when import.meta is empty.
  logOverride: { 'empty-import-meta': 'silent' },
  logLevel: 'warning',
};

/** One lazy module's chunk (BUNDLED_LAZY): its exports are the module's. */
function bundleChunk(name, outfile) {
  const imported = IMPORTED_LAZY.includes(name);
  return build({
    ...common,
    stdin: {
      contents: imported
        ? `export * from ${JSON.stringify(name)};`
        : `module.exports = require(${JSON.stringify(name)});`,
      resolveDir: root,
      sourcefile: `chunk:${name}`,
    },
    outfile,
    plugins: [sharedBuiltins, zodEnglishOnly],
  });
}

/** Builds one bundle, atomically: a concurrent reader sees the old files or the new ones. */
export async function bundleNode(entry) {
  const outfile = bundlePath(entry);
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const [result, ...chunks] = await Promise.all([
    build({
      ...common,
      entryPoints: [entry],
      outfile,
      plugins: [lazyDrivers, sqliteAddon, sharedBuiltins, zodEnglishOnly],
    }),
    ...BUNDLED_LAZY.map((name) => bundleChunk(name, chunkPath(outfile, name))),
  ]);
  // The sources read, plus this script and the lock file (a dependency changed). Dependencies'
  // files are left out wherever node_modules is (a worktree's may be a link to another
  // checkout's: ../main/node_modules/…): the lock file stands for them, and each is one more
  // stat at every start. So are the plugins' modules (`lazy:pg`), which are no files. The
  // chunks are listed too, written before the bundle: one gone (or newer, from a build under way)
  // makes the bundle stale, rebuilt rather than run without it.
  const inputs = [
    ...Object.keys(result.metafile.inputs),
    'electron/build/bundleNode.mjs',
    'package-lock.json',
    ...BUNDLED_LAZY.map((name) => path.relative(root, chunkPath(outfile, name))),
  ].filter((input) => !input.split('/').includes('node_modules') && !/^[a-z-]+:/.test(input));
  const files = [
    ...[result, ...chunks].flatMap((r) => r.outputFiles.map((file) => [file.path, file.contents])),
    [inputsPath(entry), JSON.stringify(inputs)],
  ];
  // The bundle itself last: its mtime is what freshness is measured against.
  files.sort(([a], [b]) => Number(a === outfile) - Number(b === outfile));
  for (const [file, contents] of files) {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, contents);
    fs.renameSync(temp, file);
  }
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const entry of Object.keys(NODE_BUNDLES)) await bundleNode(entry);
  console.log(
    `bundled ${Object.keys(NODE_BUNDLES)
      .map((e) => path.relative(root, bundlePath(e)))
      .join(', ')}`,
  );
}
