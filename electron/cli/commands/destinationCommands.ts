import { destinationTypes } from '../../../core/destinations/registry.js';
import { requireSettings, settingsFromArgs } from '../destinationSettings.js';
import { formatTable } from '../formatTable.js';
import { positional, required, single, UsageError } from '../parseArgs.js';
import type { Command, CommandContext } from '../types.js';

const TYPES = destinationTypes();

/** The dedicated flags the types declare (`--path`, `--url`, `--header`…): maps repeat. */
const flagSpecs = TYPES.flatMap((t) => t.settings).filter((s) => s.flag);
const valueFlags = [...new Set(flagSpecs.filter((s) => s.kind !== 'map').map((s) => s.flag!))];
const repeatFlags = [...new Set(flagSpecs.filter((s) => s.kind === 'map').map((s) => s.flag!))];
const typeFlags = [...valueFlags, ...repeatFlags];

/** `--path DIR [--format jsonl|csv]`: the usage line of a type with dedicated flags. */
function flagUsage(type: (typeof TYPES)[number]): string {
  return type.settings
    .filter((s) => s.flag)
    .map((s) => {
      const value = s.choices
        ? s.choices.join('|')
        : s.kind === 'map'
          ? '"K: V"'
          : s.key.toUpperCase();
      const flag = `--${s.flag} ${value}`;
      if (s.kind === 'map') return `[${flag}]…`;
      return s.required ? flag : `[${flag}]`;
    })
    .join(' ');
}

const addUsage = [
  ...TYPES.filter((t) => t.settings.some((s) => s.flag)).map(
    (t) => `ebb destination add NAME --type ${t.type} ${flagUsage(t)}`,
  ),
  'ebb destination add NAME --type TYPE [--set KEY=VALUE]…   (see `ebb destination types`)',
].join('\n       ');
const updateUsage = 'ebb destination update NAME [--set KEY=VALUE]… [--name NEW_NAME] [--test]';
const testUsage = 'ebb destination test NAME [--set KEY=VALUE]…';

/** `--set` (and the type's own flags) of a stored destination; {} for an unknown name. */
async function editsOf(
  { call, args }: Pick<CommandContext, 'call' | 'args'>,
  ref: string,
  usage: string,
): Promise<Record<string, unknown>> {
  const current = (await call('destinations.list', {})).find((d) => d.name === ref || d.id === ref);
  // An unknown name gets the API's NOT_FOUND answer, which names how to list them.
  return current ? settingsFromArgs(typeInfo(current.type), args, usage, typeFlags) : {};
}

const typeInfo = (type: string) => {
  const info = TYPES.find((t) => t.type === type);
  if (!info) {
    throw new UsageError(
      `--type is one of ${TYPES.map((t) => t.type).join(', ')}; got "${type}".\nUsage: ${addUsage}`,
    );
  }
  return info;
};

export const destinationCommands: Record<string, Command> = {
  'destination add': {
    usage: addUsage,
    writes: true,
    flags: { values: ['type', ...valueFlags], repeatable: ['set', ...repeatFlags] },
    async run({ args, call }) {
      const name = positional(args, 0, 'the destination NAME', addUsage);
      const info = typeInfo(required(args, 'type', addUsage));
      const settings = settingsFromArgs(info, args, addUsage, typeFlags);
      requireSettings(info, settings, addUsage);
      const added = await call('destinations.add', {
        name,
        config: { ...settings, type: info.type },
      });
      return {
        data: added,
        text: `Added destination "${added.name}" (${added.type}: ${added.target}).`,
      };
    },
  },
  'destination update': {
    usage: updateUsage,
    writes: true,
    flags: {
      values: ['name', ...valueFlags],
      repeatable: ['set', ...repeatFlags],
      booleans: ['test'],
    },
    async run({ args, call }) {
      const ref = positional(args, 0, 'the destination NAME', updateUsage);
      const settings = await editsOf({ call, args }, ref, updateUsage);
      // --test: the edited settings are tested first; a failed test saves nothing (exit 1).
      if (args.booleans.has('test'))
        await call('destinations.checkUpdate', { destination: ref, settings });
      const updated = await call('destinations.update', {
        destination: ref,
        name: single(args, 'name'),
        settings,
      });
      return {
        data: updated,
        text: `Updated destination "${updated.name}" (${updated.type}: ${updated.target}).`,
      };
    },
  },
  'destination test': {
    usage: testUsage,
    writes: false,
    flags: { values: valueFlags, repeatable: ['set', ...repeatFlags] },
    async run({ args, call }) {
      const ref = positional(args, 0, 'the destination NAME', testUsage);
      const settings = await editsOf({ call, args }, ref, testUsage);
      // With edits: the stored destination as it would be after them, nothing saved.
      const result =
        Object.keys(settings).length > 0
          ? await call('destinations.checkUpdate', { destination: ref, settings })
          : await call('destinations.test', { destination: ref });
      return { data: result, text: `Connection OK (${result.tookMs} ms).` };
    },
  },
  'destination types': {
    usage: 'ebb destination types',
    writes: false,
    async run({ call }) {
      const types = await call('destinations.types', {});
      const text = types
        .map(
          (t) =>
            `${t.type} — ${t.label}: ${t.description}\n` +
            t.settings
              .map(
                (s) =>
                  `  ${s.key}${s.required ? ' (required)' : ''}${s.secret ? ' (secret)' : ''}` +
                  `${s.default !== undefined ? ` default ${JSON.stringify(s.default)}` : ''} — ${s.label}`,
              )
              .join('\n'),
        )
        .join('\n\n');
      return { data: { types }, text };
    },
  },
  'destination list': {
    usage: 'ebb destination list',
    writes: false,
    async run({ call }) {
      const destinations = await call('destinations.list', {});
      return {
        data: { destinations },
        text: formatTable(destinations, ['name', 'type', 'target']),
      };
    },
  },
};
