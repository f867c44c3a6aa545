import fs from 'node:fs';
import { notFound } from '../../../core/errors.js';
import { command } from '../command.js';
import { formatTable } from '../formatTable.js';
import { modelSavedNotes, modelSource } from '../modelSavedText.js';
import { required, single, UsageError, type ParsedArgs } from '../parseArgs.js';
import type { Command } from '../types.js';

const addUsage =
  'ebb model add NAME --warehouse W (--sql SQL | --sql-file FILE) --id COL [--timestamp COL]';
const updateUsage =
  'ebb model update NAME [--name NEW] [--warehouse W] [--sql SQL | --sql-file FILE] [--id COL] [--timestamp COL]';
const flags = { values: ['warehouse', 'sql', 'sql-file', 'id', 'timestamp', 'name'] } as const;

function readSql(args: ParsedArgs, usage: string): string | undefined {
  const sql = single(args, 'sql');
  const file = single(args, 'sql-file');
  if (sql !== undefined && file !== undefined) {
    throw new UsageError(`Give --sql or --sql-file, not both.\nUsage: ${usage}`);
  }
  if (file === undefined) return sql;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the SQL file ${file}: check the path.`);
  }
}

export const modelCommands: Record<string, Command> = {
  'model add': command(addUsage, 'writes', flags, async ({ args, arg, call }) => {
    const name = arg('the model NAME');
    const sql = readSql(args, addUsage);
    if (sql === undefined)
      throw new UsageError(`--sql or --sql-file is required.\nUsage: ${addUsage}`);
    const model = await call('models.add', {
      name,
      warehouse: required(args, 'warehouse', addUsage),
      sql,
      idColumn: required(args, 'id', addUsage),
      timestampColumn: single(args, 'timestamp') ?? null,
    });
    return {
      data: model,
      text: [
        `Added model "${model.name}" on ${model.warehouse} (id column ${model.idColumn}).`,
        ...modelSavedNotes(model),
      ].join('\n'),
    };
  }),
  'model update': command(updateUsage, 'writes', flags, async ({ args, arg, call }) => {
    // `--timestamp ''` clears it: the model then has no timestamp column.
    const timestamp = single(args, 'timestamp');
    const model = await call('models.update', {
      model: arg('the model NAME'),
      name: single(args, 'name'),
      warehouse: single(args, 'warehouse'),
      sql: readSql(args, updateUsage),
      idColumn: single(args, 'id'),
      timestampColumn: timestamp === '' ? null : timestamp,
    });
    return {
      data: model,
      text: [`Updated model "${model.name}".`, ...modelSavedNotes(model)].join('\n'),
    };
  }),
  'model list': command('ebb model list', 'reads', async ({ call }) => {
    const models = await call('models.list', {});
    const rows = models.map((m) => ({ ...m, source: modelSource(m) }));
    return {
      data: { models },
      text: formatTable(rows, ['name', 'warehouse', 'idColumn', 'timestampColumn', 'source']),
    };
  }),
  'model check': command('ebb model check NAME', 'reads', async ({ arg, call }) => {
    const name = arg('the model NAME');
    const model = (await call('models.list', {})).find((m) => m.name === name || m.id === name);
    // Not a usage error: the same NOT_FOUND (exit 1) as every other command given an unknown name.
    if (!model) throw notFound('model', name, 'See the saved ones with `ebb model list`.');
    const check = await call('models.check', {
      warehouse: model.warehouseId,
      sql: model.sql,
      idColumn: model.idColumn,
      timestampColumn: model.timestampColumn,
      model: model.id,
    });
    const text = check.ok
      ? `Model "${model.name}" is ready: ${check.columns.length} columns.`
      : check.problems
          .map(
            (p) =>
              `${p.code}: ${p.message}${p.line ? ` (line ${p.line}, column ${p.column ?? '?'})` : ''}`,
          )
          .join('\n');
    return { data: { ok: check.ok, problems: check.problems }, text };
  }),
};
