import { formatTable } from '../formatTable.js';
import { positional, single, UsageError } from '../parseArgs.js';
import type { Command } from '../types.js';

const addUsage = 'ebb warehouse add NAME (--duckdb PATH | --postgres URL) [--state-schema S]';

export const warehouseCommands: Record<string, Command> = {
  'warehouse add': {
    usage: addUsage,
    writes: true,
    flags: { values: ['duckdb', 'postgres', 'state-schema'] },
    async run({ args, call }) {
      const name = positional(args, 0, 'the warehouse NAME', addUsage);
      const duckdb = single(args, 'duckdb');
      const postgres = single(args, 'postgres');
      if ((duckdb === undefined) === (postgres === undefined)) {
        throw new UsageError(
          `Give exactly one of --duckdb PATH or --postgres URL.\nUsage: ${addUsage}`,
        );
      }
      const stateSchema = single(args, 'state-schema');
      const added = await call(
        'warehouses.add',
        duckdb !== undefined
          ? { kind: 'duckdb', name, path: duckdb, stateSchema }
          : { kind: 'postgres', name, url: postgres!, stateSchema },
      );
      return {
        data: added,
        text: `Added warehouse "${added.name}" (${added.kind}, ${added.location}).`,
      };
    },
  },
  'warehouse list': {
    usage: 'ebb warehouse list',
    writes: false,
    async run({ call }) {
      const warehouses = await call('warehouses.list', {});
      return {
        data: { warehouses },
        text: formatTable(warehouses, ['name', 'kind', 'location', 'stateSchema']),
      };
    },
  },
  'warehouse tables': {
    usage: 'ebb warehouse tables NAME',
    writes: false,
    async run({ args, call }) {
      const name = positional(args, 0, 'the warehouse NAME', 'ebb warehouse tables NAME');
      const result = await call('warehouses.tables', { warehouse: name });
      const text = result.tables
        .map(
          (t) =>
            `${t.schema}.${t.name}\n${t.columns.map((c) => `  ${c.name}  ${c.type}`).join('\n')}`,
        )
        .join('\n\n');
      return { data: result, text: text || '(no tables)' };
    },
  },
};
