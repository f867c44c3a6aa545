#!/usr/bin/env node
// `node electron/bin/ebb.mjs …`, as the CLI's documentation has it: the same command as the
// `ebb` bin, ebb.cjs.
import './ebb.cjs';
