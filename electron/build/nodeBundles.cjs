// Where electron/build/bundleNode.mjs writes each Node bundle (kept apart from the build script so
// that checking a bundle's freshness at start does not load esbuild).
// CommonJS, as the `ebb` bin that reads it: a CommonJS entry starts without Node's ES module
// loader (electron/README.md, CLI start).
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..', '..');

/** Entry (relative to the project root) → bundle file under dist/node. */
const NODE_BUNDLES = { 'electron/cli/cliProcess.ts': 'ebb.cjs' };

const bundlePath = (entry) => path.join(projectRoot, 'dist', 'node', NODE_BUNDLES[entry]);
/** The source files a bundle was built from (JSON list of paths relative to the project root). */
const inputsPath = (entry) => `${bundlePath(entry)}.inputs.json`;

module.exports = { projectRoot, NODE_BUNDLES, bundlePath, inputsPath };
