/** A usage error: exit code 2 and a message that names the right usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  /** Flags that take a value (`--name VALUE` or `--name=VALUE`). */
  values?: readonly string[];
  /** Value flags that may be given more than once. */
  repeatable?: readonly string[];
  /** Flags without a value. */
  booleans?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string[]>;
  booleans: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec, usage: string): ParsedArgs {
  const valueFlags = new Set([...(spec.values ?? []), ...(spec.repeatable ?? [])]);
  const repeatable = new Set(spec.repeatable ?? []);
  const booleanFlags = new Set(spec.booleans ?? []);
  const parsed: ParsedArgs = { positionals: [], values: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (booleanFlags.has(flag)) {
      parsed.booleans.add(flag);
      continue;
    }
    if (!valueFlags.has(flag)) throw new UsageError(`Unknown option --${flag}.\nUsage: ${usage}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value.\nUsage: ${usage}`);
    const list = parsed.values.get(flag) ?? [];
    if (list.length > 0 && !repeatable.has(flag)) {
      throw new UsageError(`--${flag} was given twice.\nUsage: ${usage}`);
    }
    list.push(value);
    parsed.values.set(flag, list);
  }
  return parsed;
}

export const single = (args: ParsedArgs, flag: string): string | undefined =>
  args.values.get(flag)?.[0];

export function required(args: ParsedArgs, flag: string, usage: string): string {
  const value = single(args, flag);
  if (value === undefined) throw new UsageError(`--${flag} is required.\nUsage: ${usage}`);
  return value;
}

export function positional(args: ParsedArgs, index: number, what: string, usage: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new UsageError(`Missing ${what}.\nUsage: ${usage}`);
  return value;
}

/** A whole-number flag; with `range`, one outside it is a usage error naming the range. */
export function integerFlag(
  args: ParsedArgs,
  flag: string,
  usage: string,
  range?: { min: number; max: number },
): number | undefined {
  const value = single(args, flag);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${flag} must be a whole number, got "${value}".\nUsage: ${usage}`);
  const number = Number(value);
  if (range && (number < range.min || number > range.max)) {
    throw new UsageError(
      `--${flag} must be from ${range.min} to ${range.max}, got ${value}.\nUsage: ${usage}`,
    );
  }
  return number;
}
