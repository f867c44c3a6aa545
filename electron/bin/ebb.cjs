#!/usr/bin/env node
// The `ebb` command: the CLI bundled into plain JavaScript (rebuilt when its sources change).
// CommonJS: an ES module entry costs every start Node's ES module loader (electron/README.md).
const { loadBundle } = require('./loadBundle.cjs');

loadBundle('electron/cli/cliProcess.ts')
  .then(({ runCliProcess }) => runCliProcess(process.argv.slice(2)))
  .catch((error) => {
    process.exitCode = 1;
    throw error;
  });
