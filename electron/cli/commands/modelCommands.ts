import fs from 'node:fs';
import { formatTable } from '../formatTable.js';
import { positional, required, single, UsageError, type ParsedArgs } from '../parseArgs.js';
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
  'model add': {
    usage: addUsage,
    writes: true,
    flags,
    async run({ args, call }) {
      const name = positional(args, 0, 'the model NAME', addUsage);
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
        text: `Added model "${model.name}" on ${model.warehouse} (id column ${model.idColumn}).`,
      };
    },
  },
  'model update': {
    usage: updateUsage,
    writes: true,
    flags,
    async run({ args, call }) {
      const model = await call('models.update', {
        model: positional(args, 0, 'the model NAME', updateUsage),
        name: single(args, 'name'),
        warehouse: single(args, 'warehouse'),
        sql: readSql(args, updateUsage),
        idColumn: single(args, 'id'),
        timestampColumn: single(args, 'timestamp'),
      });
      return { data: model, text: `Updated model "${model.name}".` };
    },
  },
  'model list': {
    usage: 'ebb model list',
    writes: false,
    async run({ call }) {
      const models = await call('models.list', {});
      return {
        data: { models },
        text: formatTable(models, ['name', 'warehouse', 'idColumn', 'timestampColumn']),
      };
    },
  },
};

modelCommands['model check'] = {
  usage: 'ebb model check NAME',
  writes: false,
  async run({ args, call }) {
    const name = positional(args, 0, 'the model NAME', 'ebb model check NAME');
    const model = (await call('models.list', {})).find((m) => m.name === name || m.id === name);
    if (!model) throw new UsageError(`No model named "${name}". See them with \`ebb model list\`.`);
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
  },
};
