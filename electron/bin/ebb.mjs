#!/usr/bin/env node
// The `ebb` command: the CLI bundled into plain JavaScript (rebuilt when its sources change).
import { loadBundle } from './loadBundle.mjs';

const { runCliProcess } = await loadBundle('electron/cli/cliProcess.ts');
await runCliProcess(process.argv.slice(2));
