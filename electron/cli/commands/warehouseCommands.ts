import { formatTable } from '../formatTable.js';
import { positional, single, UsageError } from '../parseArgs.js';
import type { Command } from '../types.js';

const addUsage =
  'ebb warehouse add NAME (--duckdb PATH | --postgres URL | --mysql URL | --files DIR) [--state-schema S]';
const LOCATION_FLAGS = ['duckdb', 'postgres', 'mysql', 'files'] as const;

export const warehouseCommands: Record<string, Command> = {
  'warehouse add': {
    usage: addUsage,
    writes: true,
    flags: { values: [...LOCATION_FLAGS, 'state-schema'] },
    async run({ args, call }) {
      const name = positional(args, 0, 'the warehouse NAME', addUsage);
      const given = LOCATION_FLAGS.flatMap((flag) => {
        const value = single(args, flag);
        return value === undefined ? [] : [{ flag, value }];
      });
      const [location] = given;
      if (given.length !== 1 || !location) {
        throw new UsageError(
          `Give exactly one of --duckdb PATH, --postgres URL, --mysql URL or --files DIR.\nUsage: ${addUsage}`,
        );
      }
      const stateSchema = single(args, 'state-schema');
      const { flag, value } = location;
      const added = await call(
        'warehouses.add',
        flag === 'duckdb'
          ? { kind: 'duckdb', name, path: value, stateSchema }
          : flag === 'files'
            ? { kind: 'files', name, dir: value, stateSchema }
            : { kind: flag, name, url: value, stateSchema },
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
