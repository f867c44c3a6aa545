import { formatTable } from './formatTable.js';
import { positional, type FlagSpec } from './parseArgs.js';
import type { Call, Command, CommandContext, CommandResult } from './types.js';

/** What a command's body gets: the context, and its positional arguments by what they name. */
export interface CommandBody extends CommandContext {
  /** The positional argument `index` (the first by default), or a usage error naming `what`. */
  arg(what: string, index?: number): string;
}

type Run = (ctx: CommandBody) => Promise<CommandResult>;
/** A value, or a function making it when it is first read (see once.ts). */
type Deferred<T> = T | (() => T);
const valueOf = <T>(value: Deferred<T>): T =>
  typeof value === 'function' ? (value as () => T)() : value;

/**
 * One `ebb` command that answers a result: its usage line, whether it only reads the store or
 * writes it (and so takes the home's write lock), its flags if it has any, and its body.
 *
 *     'sync run': command('ebb sync run NAME', 'writes', async ({ arg, call }) => …)
 */
export function command(
  usage: Deferred<string>,
  access: 'reads' | 'writes',
  ...flagsAndRun: [run: Run] | [flags: Deferred<FlagSpec>, run: Run]
): Command {
  const [flags, run] = flagsAndRun.length === 1 ? [undefined, flagsAndRun[0]] : flagsAndRun;
  return {
    get usage() {
      return valueOf(usage);
    },
    writes: access === 'writes',
    get flags() {
      return flags === undefined ? undefined : valueOf(flags);
    },
    // Not a spread of ctx: that would read its `core` getter, opening (and locking) the home
    // before the body has checked its arguments.
    run: (ctx) =>
      run(
        Object.assign(Object.create(ctx) as CommandContext, {
          arg: (what: string, index = 0) => positional(ctx.args, index, what, valueOf(usage)),
        }),
      ),
  };
}

/**
 * `ebb model list`: one list call, answered as `{ models: […] }` with --json and as a table of
 * `columns` without.
 */
export function listCommand<T extends object>(
  usage: string,
  key: string,
  list: (call: Call) => Promise<T[]>,
  columns: ReadonlyArray<keyof T & string>,
): Command {
  return command(usage, 'reads', async ({ call }) => {
    const rows = await list(call);
    return { data: { [key]: rows }, text: formatTable(rows, columns) };
  });
}
