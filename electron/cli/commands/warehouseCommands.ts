import { readFileSync } from 'node:fs';
import {
  WAREHOUSE_KIND_NAMES,
  warehouseKinds,
  type WarehouseKindInfo,
} from '../../../core/warehouse/kinds.js';
import { once } from '../../../core/once.js';
import { command, listCommand } from '../command.js';
import { requireSettings, settingsFromArgs } from '../destinationSettings.js';
import { single, UsageError, type ParsedArgs } from '../parseArgs.js';
import type { Call, Command } from '../types.js';

const kinds = once(warehouseKinds);
/** `--duckdb PATH`, `--postgres URL`…: the kinds whose one location has a flag of its own. */
const locationFlags = once(() => [
  ...new Set(kinds().flatMap((k) => k.settings.flatMap((s) => s.flag ?? []))),
]);
const kindNames = WAREHOUSE_KIND_NAMES.join('|');

const addUsage = [
  'ebb warehouse add NAME (--duckdb PATH | --postgres URL | --mysql URL | --files DIR) [--state-schema S]',
  `ebb warehouse add NAME --kind ${kindNames} [--set KEY=VALUE]… [--state-schema S]   (see \`ebb warehouse kinds\`)`,
].join('\n       ');
const updateUsage =
  'ebb warehouse update NAME [--duckdb PATH | --postgres URL | --mysql URL | --files DIR] [--set KEY=VALUE]… [--state-schema S] [--name NEW_NAME]';

const asInfo = (kind: WarehouseKindInfo) => ({ type: kind.kind, settings: kind.settings });

function kindInfo(kind: string, usage: string): WarehouseKindInfo {
  const info = kinds().find((k) => k.kind === kind);
  if (!info) throw new UsageError(`--kind is one of ${kindNames}; got "${kind}".\nUsage: ${usage}`);
  return info;
}

/**
 * The settings typed for a kind. A secret given as `@FILE` is read from that file (a private key
 * or a service account key does not fit on a command line, and should not sit in shell history).
 */
function settingsOf(info: WarehouseKindInfo, args: ParsedArgs, usage: string) {
  const settings = settingsFromArgs(asInfo(info), args, usage, locationFlags(), 'warehouse');
  for (const spec of info.settings) {
    const value = settings[spec.key];
    if (spec.secret && typeof value === 'string' && value.startsWith('@')) {
      try {
        settings[spec.key] = readFileSync(value.slice(1), 'utf8');
      } catch (error) {
        throw new UsageError(
          `Cannot read ${spec.key} from ${value.slice(1)}: ${(error as Error).message}.\nUsage: ${usage}`,
        );
      }
    }
  }
  return settings;
}

/** The one kind a location flag names (`--mysql URL` is a mysql warehouse), or --kind. */
function kindOfAdd(args: ParsedArgs): WarehouseKindInfo {
  const byFlag = locationFlags().filter((flag) => single(args, flag) !== undefined);
  const kind = single(args, 'kind');
  if (byFlag.length + (kind === undefined ? 0 : 1) !== 1) {
    throw new UsageError(
      `Give exactly one of --duckdb PATH, --postgres URL, --mysql URL, --files DIR or --kind ${kindNames}.\nUsage: ${addUsage}`,
    );
  }
  if (kind !== undefined) return kindInfo(kind, addUsage);
  return kinds().find((k) => k.settings.some((s) => s.flag === byFlag[0]))!;
}

async function warehouseNamed(call: Call, ref: string) {
  const found = (await call('warehouses.list', {})).find((w) => w.name === ref || w.id === ref);
  // An unknown name gets the API's NOT_FOUND answer, which names how to list them.
  return found ?? (await call('warehouses.settings', { warehouse: ref }));
}

/** `"dw" (postgres, postgres://…)`: a warehouse as the add and update messages name it. */
const named = (w: { name: string; kind: string; location: string }) =>
  `"${w.name}" (${w.kind}, ${w.location})`;

const addFlags = () => ({
  values: [...locationFlags(), 'kind', 'state-schema'],
  repeatable: ['set'],
});
const updateFlags = () => ({
  values: [...locationFlags(), 'name', 'state-schema'],
  repeatable: ['set'],
});

export const warehouseCommands: Record<string, Command> = {
  'warehouse add': command(addUsage, 'writes', addFlags, async ({ args, arg, call }) => {
    const name = arg('the warehouse NAME');
    const info = kindOfAdd(args);
    const settings = settingsOf(info, args, addUsage);
    requireSettings(asInfo(info), settings, addUsage, 'warehouse');
    const added = await call('warehouses.add', {
      kind: info.kind,
      name,
      settings,
      stateSchema: single(args, 'state-schema'),
    });
    return { data: added, text: `Added warehouse ${named(added)}.` };
  }),
  'warehouse update': command(updateUsage, 'writes', updateFlags, async ({ args, arg, call }) => {
    const ref = arg('the warehouse NAME');
    const current = await warehouseNamed(call, ref);
    const settings = settingsOf(kindInfo(current.kind, updateUsage), args, updateUsage);
    const result = await call('warehouses.update', {
      warehouse: ref,
      name: single(args, 'name'),
      settings,
      stateSchema: single(args, 'state-schema'),
    });
    const { warehouse, startsFresh } = result;
    const fresh = startsFresh
      ? `\nWarning: ${startsFresh.reason}, so ${
          startsFresh.syncs.length
            ? `the sync(s) ${startsFresh.syncs.map((s) => `"${s}"`).join(', ')} start fresh: their next run sends every record as new.`
            : 'syncs made on it start fresh.'
        }`
      : '';
    return { data: result, text: `Updated warehouse ${named(warehouse)}.${fresh}` };
  }),
  'warehouse kinds': command('ebb warehouse kinds', 'reads', async ({ call }) => {
    const kinds = await call('warehouses.kinds', {});
    const text = kinds
      .map(
        (k) =>
          `${k.kind} — ${k.label}\n${k.settings
            .map(
              (s) =>
                `  ${s.key}${s.required ? ' (required)' : ''}${s.secret ? ' (secret)' : ''}${s.flag ? ` --${s.flag}` : ''}  ${s.label}`,
            )
            .join('\n')}`,
      )
      .join('\n\n');
    return { data: { kinds }, text };
  }),
  'warehouse test': command('ebb warehouse test NAME', 'reads', async ({ arg, call }) => {
    const result = await call('warehouses.test', { warehouse: arg('the warehouse NAME') });
    return { data: result, text: `Connection OK (${result.tookMs} ms).` };
  }),
  'warehouse list': listCommand(
    'ebb warehouse list',
    'warehouses',
    (call) => call('warehouses.list', {}),
    ['name', 'kind', 'location', 'stateSchema'],
  ),
  'warehouse tables': command('ebb warehouse tables NAME', 'reads', async ({ arg, call }) => {
    const result = await call('warehouses.tables', { warehouse: arg('the warehouse NAME') });
    const text = result.tables
      .map(
        (t) =>
          `${t.schema}.${t.name}\n${t.columns.map((c) => `  ${c.name}  ${c.type}`).join('\n')}`,
      )
      .join('\n\n');
    return { data: result, text: text || '(no tables)' };
  }),
};
