// Where electron/build/bundleNode.mjs writes each Node bundle (kept apart from the build script so
// that checking a bundle's freshness at start does not load esbuild).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Entry (relative to the project root) → bundle file under dist/node. */
export const NODE_BUNDLES = { 'electron/cli/cliProcess.ts': 'ebb.cjs' };

export const bundlePath = (entry) => path.join(projectRoot, 'dist', 'node', NODE_BUNDLES[entry]);
/** The source files a bundle was built from (JSON list of paths relative to the project root). */
export const inputsPath = (entry) => `${bundlePath(entry)}.inputs.json`;
