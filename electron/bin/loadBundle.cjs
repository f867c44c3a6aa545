// Loads a bundle built by electron/build/bundleNode.mjs, rebuilding it first when it is missing
// or older than any source it was built from (a checkout, a rebase, an edit): a stale bundle
// never runs. Without esbuild (an install without dev dependencies) the TypeScript runs through
// tsx instead, slower but current.
// CommonJS, so that the `ebb` bin (ebb.cjs) starts without Node's ES module loader.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');
const { bundlePath, inputsPath, projectRoot: root } = require('../build/nodeBundles.cjs');

// The CommonJS loader's Module (node:module's own export): requiring node:module would load
// Node's ES module loader with it.
const Module = module.constructor;
const { createRequire } = Module;

/** Whether `bundle` exists and no source listed in `inputs` is newer (or gone). */
function isFresh(bundle, inputs) {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const sources = JSON.parse(fs.readFileSync(inputs, 'utf8'));
    // Joined by hand: path.join over a few hundred paths cost a start ~10 ms.
    return sources.every((source) => fs.statSync(`${root}/${source}`).mtimeMs <= built);
  } catch {
    return false;
  }
}

/**
 * Runs the CommonJS bundle with a V8 code cache beside it (compiling the bundle is most of what
 * is left of a start). The cache is keyed by the bundle's size and mtime, and written, once,
 * when the process is about to exit, so it holds the functions this run compiled too.
 */
function requireWithCodeCache(bundle) {
  const stat = fs.statSync(bundle);
  const cacheFile = `${bundle}.${stat.size}-${Math.trunc(stat.mtimeMs)}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
    filename: bundle,
    cachedData,
  });
  if (!cachedData || script.cachedDataRejected) {
    process.once('beforeExit', () => {
      try {
        const dir = path.dirname(bundle);
        for (const old of fs.readdirSync(dir)) {
          if (old.startsWith(`${path.basename(bundle)}.`) && old.endsWith('.v8cache')) {
            fs.rmSync(path.join(dir, old), { force: true });
          }
        }
        const temp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
      } catch {
        // A read-only checkout runs without a cache.
      }
    });
  }
  const module = { exports: {} };
  const bundleRequire = createRequire(bundle);
  // The lazy modules bundled into files of their own beside the bundle (bundleNode.mjs,
  // BUNDLED_LAZY: zod, yaml, DuckDB's JavaScript), each loaded like the bundle, on first use.
  bundleRequire.chunk = (file) => requireWithCodeCache(path.join(path.dirname(bundle), file));
  script.runInThisContext()(module.exports, bundleRequire, module, bundle, path.dirname(bundle));
  return module.exports;
}

/** The exports of `entry` (a TypeScript file relative to the project root), bundled. */
async function loadBundle(entry) {
  const bundle = bundlePath(entry);
  if (isFresh(bundle, inputsPath(entry))) return requireWithCodeCache(bundle);
  const build = await import('../build/bundleNode.mjs').catch(() => undefined);
  if (build) {
    await build.bundleNode(entry);
    return requireWithCodeCache(bundle);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(root, entry)).href);
}

module.exports = { loadBundle };
