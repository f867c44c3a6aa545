import type { DestinationTypeInfo } from '../../core/destinations/definition.js';
import { EbbError } from '../../core/errors.js';
import { settingFromText, type SettingSpec } from '../../core/destinations/settings.js';
import { UsageError, type ParsedArgs } from './parseArgs.js';

/** `KEY=VALUE` as typed after `--set`. */
function splitAssignment(text: string, usage: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set takes KEY=VALUE, got "${text}".\nUsage: ${usage}`);
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

/**
 * A value that is not of its key's kind (`--format xml`, `--batch-size x`, `--concurrency 0`) is
 * a bad flag value: a usage error (exit 2, CLI.md) naming what the key takes. A secret's text is
 * not repeated.
 */
function badValue(spec: SettingSpec, value: unknown, given: string, usage: string): void {
  const got = spec.secret ? '' : `; got "${String(value)}"`;
  let takes: string | undefined;
  if (spec.kind === 'choice' && spec.choices && !spec.choices.includes(String(value))) {
    takes = `is one of ${spec.choices.join(', ')}`;
  } else if (spec.kind === 'integer' || spec.kind === 'number') {
    const whole = spec.kind === 'integer';
    const range =
      spec.min !== undefined && spec.max !== undefined
        ? ` from ${spec.min} to ${spec.max}`
        : spec.min !== undefined
          ? ` of at least ${spec.min}`
          : spec.max !== undefined
            ? ` of at most ${spec.max}`
            : '';
    if (
      typeof value !== 'number' ||
      (whole && !Number.isInteger(value)) ||
      (spec.min !== undefined && value < spec.min) ||
      (spec.max !== undefined && value > spec.max)
    ) {
      takes = `takes a ${whole ? 'whole number' : 'number'}${range}`;
    }
  } else if (spec.kind === 'boolean' && typeof value !== 'boolean') {
    takes = 'is true or false';
  }
  if (takes) throw new UsageError(`${given} ${takes}${got}.\nUsage: ${usage}`);
}

/**
 * `text` read as its key's type. A map entry that is neither `Name: value` nor a JSON object is
 * refused here, naming the form it takes (the schema would only say it is not a record); its text
 * may hold a secret, so it is not repeated.
 */
function readSetting(
  spec: SettingSpec,
  text: string,
  previous: unknown,
  given: string,
  usage: string,
): unknown {
  const value = settingFromText(spec, text, previous);
  badValue(spec, value, given, usage);
  if (spec.kind === 'map' && typeof value === 'string') {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `${given} takes "Name: value" (given once per entry) or a JSON object; the value given is neither.`,
    );
  }
  return value;
}

/**
 * The settings given on the command line for one destination type: each key's dedicated flag
 * (`--path`, `--header`…, declared by the type) and every `--set KEY=VALUE`, read as the key's
 * type. Flags that belong to another type are refused, naming the keys this type has.
 */
export function settingsFromArgs(
  info: Pick<DestinationTypeInfo, 'type' | 'settings'>,
  args: ParsedArgs,
  usage: string,
  typeFlags: readonly string[],
  /** What the settings belong to, in messages (warehouse kinds share this reading). */
  noun = 'destination',
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const keys = () => info.settings.map((s) => s.key).join(', ');
  const byFlag = new Map(info.settings.filter((s) => s.flag).map((s) => [s.flag!, s]));
  for (const flag of typeFlags) {
    const values = args.values.get(flag);
    if (!values) continue;
    const spec = byFlag.get(flag);
    if (!spec) {
      throw new UsageError(
        `--${flag} is not a setting of a ${info.type} ${noun}; its settings are ${keys()} (--set KEY=VALUE).\nUsage: ${usage}`,
      );
    }
    for (const value of values)
      settings[spec.key] = readSetting(spec, value, settings[spec.key], `--${flag}`, usage);
  }
  for (const assignment of args.values.get('set') ?? []) {
    const [key, value] = splitAssignment(assignment, usage);
    const spec = info.settings.find((s: SettingSpec) => s.key === key);
    if (!spec) {
      throw new UsageError(
        `"${key}" is not a setting of a ${info.type} ${noun}; its settings are ${keys()}.\nUsage: ${usage}`,
      );
    }
    settings[key] = readSetting(spec, value, settings[key], `--set ${key}=…`, usage);
  }
  return settings;
}

/** Names each required setting that is missing, with the way to give it. */
export function requireSettings(
  info: Pick<DestinationTypeInfo, 'type' | 'settings'>,
  settings: Record<string, unknown>,
  usage: string,
  noun = 'destination',
): void {
  const missing = info.settings.filter((s) => s.required && settings[s.key] === undefined);
  if (missing.length === 0) return;
  const how = missing.map((s) => (s.flag ? `--${s.flag}` : `--set ${s.key}=…`) + ` (${s.label})`);
  throw new UsageError(`A ${info.type} ${noun} needs ${how.join(', ')}.\nUsage: ${usage}`);
}
