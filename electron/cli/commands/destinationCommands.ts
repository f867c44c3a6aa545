import { destinationTypes } from '../../../core/destinations/registry.js';
import type { DestinationTypeInfo } from '../../../core/destinations/definition.js';
import { command, listCommand } from '../command.js';
import { requireSettings, settingsFromArgs } from '../destinationSettings.js';
import { required, single, UsageError } from '../parseArgs.js';
import { once } from '../../../core/once.js';
import type { Command, CommandContext } from '../types.js';

const types = once(destinationTypes);

/** The dedicated flags the types declare (`--path`, `--url`, `--header`…): maps repeat. */
const typeFlagNames = once(() => {
  const specs = types()
    .flatMap((t) => t.settings)
    .filter((s) => s.flag);
  const values = [...new Set(specs.filter((s) => s.kind !== 'map').map((s) => s.flag!))];
  const repeats = [...new Set(specs.filter((s) => s.kind === 'map').map((s) => s.flag!))];
  return { values, repeats, all: [...values, ...repeats] };
});

/** `--path DIR [--format jsonl|csv]`: the usage line of a type with dedicated flags. */
function flagUsage(type: DestinationTypeInfo): string {
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

const addUsage = once(() =>
  [
    ...types()
      .filter((t) => t.settings.some((s) => s.flag))
      .map((t) => `ebb destination add NAME --type ${t.type} ${flagUsage(t)}`),
    'ebb destination add NAME --type TYPE [--set KEY=VALUE]…   (see `ebb destination types`)',
  ].join('\n       '),
);
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
  return current ? settingsFromArgs(typeInfo(current.type), args, usage, typeFlagNames().all) : {};
}

const typeInfo = (type: string) => {
  const info = types().find((t) => t.type === type);
  if (!info) {
    throw new UsageError(
      `--type is one of ${types()
        .map((t) => t.type)
        .join(', ')}; got "${type}".\nUsage: ${addUsage()}`,
    );
  }
  return info;
};

/** `"crm" (webhook: https://…)`: a destination as the add and update messages name it. */
const named = (d: { name: string; type: string; target: string }) =>
  `"${d.name}" (${d.type}: ${d.target})`;

const addFlags = () => ({
  values: ['type', ...typeFlagNames().values],
  repeatable: ['set', ...typeFlagNames().repeats],
});
const updateFlags = () => ({
  values: ['name', ...typeFlagNames().values],
  repeatable: ['set', ...typeFlagNames().repeats],
  booleans: ['test'],
});
const testFlags = () => ({
  values: typeFlagNames().values,
  repeatable: ['set', ...typeFlagNames().repeats],
});

export const destinationCommands: Record<string, Command> = {
  'destination add': command(addUsage, 'writes', addFlags, async ({ args, arg, call }) => {
    const name = arg('the destination NAME');
    const info = typeInfo(required(args, 'type', addUsage()));
    const settings = settingsFromArgs(info, args, addUsage(), typeFlagNames().all);
    requireSettings(info, settings, addUsage());
    const added = await call('destinations.add', {
      name,
      config: { ...settings, type: info.type },
    });
    return { data: added, text: `Added destination ${named(added)}.` };
  }),
  'destination update': command(updateUsage, 'writes', updateFlags, async ({ args, arg, call }) => {
    const ref = arg('the destination NAME');
    const settings = await editsOf({ call, args }, ref, updateUsage);
    // --test: the edited settings are tested first; a failed test saves nothing (exit 1).
    if (args.booleans.has('test'))
      await call('destinations.checkUpdate', { destination: ref, settings });
    const updated = await call('destinations.update', {
      destination: ref,
      name: single(args, 'name'),
      settings,
    });
    return { data: updated, text: `Updated destination ${named(updated)}.` };
  }),
  'destination test': command(testUsage, 'reads', testFlags, async ({ args, arg, call }) => {
    const ref = arg('the destination NAME');
    const settings = await editsOf({ call, args }, ref, testUsage);
    // With edits: the stored destination as it would be after them, nothing saved.
    const result =
      Object.keys(settings).length > 0
        ? await call('destinations.checkUpdate', { destination: ref, settings })
        : await call('destinations.test', { destination: ref });
    return { data: result, text: `Connection OK (${result.tookMs} ms).` };
  }),
  'destination types': command('ebb destination types', 'reads', async ({ call }) => {
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
  }),
  'destination list': listCommand(
    'ebb destination list',
    'destinations',
    (call) => call('destinations.list', {}),
    ['name', 'type', 'target'],
  ),
};
