import path from 'node:path';
import type { ProjectModel } from '../../../core/project/types.js';
import { formatTable } from '../formatTable.js';
import { command } from '../command.js';
import { required, UsageError } from '../parseArgs.js';
import type { Command } from '../types.js';

const exportUsage = 'ebb project export DIR';
const importUsage = 'ebb project import DIR';
const dbtUsage = 'ebb dbt import MANIFEST --warehouse W';
const dbtFlags = { values: ['warehouse'] };
const resolveUsage = 'ebb model resolve NAME --keep file|app';
const resolveFlags = { values: ['keep'] };

/** `name action path message`: what export and import did to each model file. */
const modelFiles = (models: readonly ProjectModel[]) =>
  formatTable(models, ['name', 'action', 'path', 'message']);

/** Models as files (CLI.md): a project folder in git, and models from a dbt manifest. */
export const projectCommands: Record<string, Command> = {
  'project export': command(exportUsage, 'writes', async ({ arg, call }) => {
    const result = await call('project.export', {
      dir: path.resolve(arg('the project folder DIR')),
    });
    const written = result.models.filter((m) => m.action === 'written').length;
    return {
      data: result,
      text: `Wrote ${written} model file(s) to ${result.dir}.\n${modelFiles(result.models)}`,
    };
  }),
  'project import': command(importUsage, 'writes', async ({ arg, call }) => {
    const result = await call('project.import', {
      dir: path.resolve(arg('the project folder DIR')),
    });
    const invalid = result.models.filter((m) => m.action === 'invalid' || m.action === 'conflict');
    return {
      data: result,
      text: `Imported ${result.dir}.\n${modelFiles(result.models)}`,
      exitCode: invalid.length > 0 ? 1 : 0,
    };
  }),
  // The CLI's side of a conflict the app shows: which version of a file-backed model to keep.
  'model resolve': command(resolveUsage, 'writes', resolveFlags, async ({ args, arg, call }) => {
    const model = arg('the model NAME');
    const keep = required(args, 'keep', resolveUsage);
    if (keep !== 'file' && keep !== 'app')
      throw new UsageError(`--keep is file or app; got "${keep}".\nUsage: ${resolveUsage}`);
    const kept = await call('models.resolveConflict', { model, keep });
    const where = kept.origin?.kind === 'file' ? kept.origin.path : 'its file';
    return {
      data: kept,
      text:
        keep === 'file'
          ? `"${kept.name}" now holds ${where} as it is.`
          : `Wrote "${kept.name}" as saved in Ebb to ${where}.`,
    };
  }),
  'dbt import': command(dbtUsage, 'writes', dbtFlags, async ({ args, arg, call }) => {
    const result = await call('dbt.import', {
      manifest: path.resolve(arg('the MANIFEST path')),
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
  }),
};
