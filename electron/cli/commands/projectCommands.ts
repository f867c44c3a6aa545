import path from 'node:path';
import { formatTable } from '../formatTable.js';
import { positional, required } from '../parseArgs.js';
import type { Command } from '../types.js';

const exportUsage = 'ebb project export DIR';
const importUsage = 'ebb project import DIR';
const dbtUsage = 'ebb dbt import MANIFEST --warehouse W';

/** Models as files (CLI.md): a project folder in git, and models from a dbt manifest. */
export const projectCommands: Record<string, Command> = {
  'project export': {
    usage: exportUsage,
    writes: true,
    async run({ args, call }) {
      const result = await call('project.export', {
        dir: path.resolve(positional(args, 0, 'the project folder DIR', exportUsage)),
      });
      return {
        data: result,
        text: `Wrote ${result.models.filter((m) => m.action === 'written').length} model file(s) to ${result.dir}.\n${formatTable(result.models, ['name', 'action', 'path', 'message'])}`,
      };
    },
  },
  'project import': {
    usage: importUsage,
    writes: true,
    async run({ args, call }) {
      const result = await call('project.import', {
        dir: path.resolve(positional(args, 0, 'the project folder DIR', importUsage)),
      });
      const invalid = result.models.filter(
        (m) => m.action === 'invalid' || m.action === 'conflict',
      );
      return {
        data: result,
        text: `Imported ${result.dir}.\n${formatTable(result.models, ['name', 'action', 'path', 'message'])}`,
        exitCode: invalid.length > 0 ? 1 : 0,
      };
    },
  },
  'dbt import': {
    usage: dbtUsage,
    writes: true,
    flags: { values: ['warehouse'] },
    async run({ args, call }) {
      const result = await call('dbt.import', {
        manifest: path.resolve(positional(args, 0, 'the MANIFEST path', dbtUsage)),
        warehouse: required(args, 'warehouse', dbtUsage),
      });
      const lines = [
        formatTable(result.models, ['name', 'action', 'relation', 'idColumn', 'idColumnFrom']),
        ...result.models
          .filter((m) => m.problem)
          .map((m) => `  ${m.name}: cannot be read yet (${m.problem})`),
        ...result.skipped.map((s) => `  skipped ${s.name}: ${s.reason}`),
      ];
      return { data: result, text: lines.join('\n') };
    },
  },
};
