import { formatTable } from './formatTable.js';
import { positional, type FlagSpec } from './parseArgs.js';
import type { Call, Command, CommandContext, CommandResult } from './types.js';

/** What a command's body gets: the context, and its positional arguments by what they name. */
export interface CommandBody extends CommandContext {
  /** The positional argument `index` (the first by default), or a usage error naming `what`. */
  arg(what: string, index?: number): string;
}

type Run = (ctx: CommandBody) => Promise<CommandResult>;

/**
 * One `ebb` command that answers a result: its usage line, whether it only reads the store or
 * writes it (and so takes the home's write lock), its flags if it has any, and its body.
 *
 *     'sync run': command('ebb sync run NAME', 'writes', async ({ arg, call }) => …)
 */
export function command(
  usage: string,
  access: 'reads' | 'writes',
  ...flagsAndRun: [run: Run] | [flags: FlagSpec, run: Run]
): Command {
  const [flags, run] = flagsAndRun.length === 1 ? [undefined, flagsAndRun[0]] : flagsAndRun;
  return {
    usage,
    writes: access === 'writes',
    ...(flags ? { flags } : {}),
    run: (ctx) =>
      run({ ...ctx, arg: (what, index = 0) => positional(ctx.args, index, what, usage) }),
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
