import { EbbError } from '../../core/errors.js';
import { callThrough } from '../../core/api/callThrough.js';
import { createCore, type Core } from '../../core/createCore.js';
import { acquireHomeLock } from '../../core/store/homeLock.js';
import { ensurePrivateHome } from '../../core/store/homePermissions.js';
import { defaultHome, projectRoot, resourcesDirIn } from '../paths.js';
import { alertCommands } from './commands/alertCommands.js';
import { destinationCommands } from './commands/destinationCommands.js';
import { modelCommands } from './commands/modelCommands.js';
import { opsCommands } from './commands/opsCommands.js';
import { projectCommands } from './commands/projectCommands.js';
import { syncCommands } from './commands/syncCommands.js';
import { syncPauseCommands } from './commands/syncPauseCommands.js';
import { usageCommands } from './commands/usageCommands.js';
import { schedulerCommand } from './commands/schedulerCommand.js';
import { serveCommand } from './commands/serveCommand.js';
import { warehouseCommands } from './commands/warehouseCommands.js';
import { parseArgs, UsageError } from './parseArgs.js';
import type { Call, CliIo, Command } from './types.js';

export const commands: Record<string, Command> = {
  ...warehouseCommands,
  ...modelCommands,
  ...destinationCommands,
  ...syncCommands,
  ...syncPauseCommands,
  ...usageCommands,
  ...projectCommands,
  ...opsCommands,
  ...alertCommands,
  serve: serveCommand,
  scheduler: schedulerCommand,
};

const GLOBAL_USAGE = 'ebb [--home DIR] [--json] COMMAND …';

export function helpText(): string {
  return [
    `Usage: ${GLOBAL_USAGE}`,
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage}`),
  ].join('\n');
}

/** Splits global flags (anywhere before the command) from the command words and their arguments. */
function splitGlobal(argv: readonly string[]) {
  let home: string | undefined;
  let json = false;
  let help = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--home') {
      home = argv[++i];
      if (home === undefined)
        throw new UsageError(`--home needs a folder.\nUsage: ${GLOBAL_USAGE}`);
    } else if (arg.startsWith('--home=')) home = arg.slice('--home='.length);
    else rest.push(arg);
  }
  return { home, json, help, rest };
}

function findCommand(rest: string[]): { command: Command; argv: string[] } {
  for (const words of [2, 1]) {
    const key = rest.slice(0, words).join(' ');
    const command = commands[key];
    if (command) return { command, argv: rest.slice(words) };
  }
  const given = rest.slice(0, 2).join(' ') || '(none)';
  throw new UsageError(
    `Unknown command: ${given}. Run \`ebb --help\` to see the commands.\n${helpText()}`,
  );
}

/**
 * Runs one `ebb` invocation and answers its exit code (0 ok, 1 error, 2 usage error; `sync run`
 * also 1 for a failed run and 3 for a partial one).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  let core: Core | undefined;
  let release: (() => void) | undefined;
  try {
    const global = splitGlobal(argv);
    json = global.json;
    // With --json, help is one JSON document too; no command at all is a usage error (CLI.md).
    if (global.help) {
      io.stdout(json ? `${JSON.stringify({ help: helpText() }, null, 2)}\n` : `${helpText()}\n`);
      return 0;
    }
    if (global.rest.length === 0) throw new UsageError(`Missing the COMMAND.\n${helpText()}`);
    const { command, argv: commandArgv } = findCommand(global.rest);
    const args = parseArgs(commandArgv, command.flags ?? {}, command.usage);
    const home = global.home ?? defaultHome(io.env);
    // The home is checked, locked and opened at the command's first use of the engine, so the
    // checks a command makes of its own arguments (a missing NAME, flags that do not go together)
    // answer their usage error (exit 2) even while another process holds the home.
    const open = (): Core => {
      if (core) return core;
      ensurePrivateHome(home);
      if (command.writes && !release)
        release = acquireHomeLock(home, `ebb ${global.rest.slice(0, 2).join(' ')}`).release;
      core = createCore({ home, resourcesDir: resourcesDirIn(projectRoot()), host: 'cli' });
      return core;
    };
    const call: Call = (name, arg) => callThrough(open().dispatch)(name, arg);
    const result = await command.run({
      args,
      call,
      get core() {
        return open();
      },
      json,
      io,
    });
    if (result) io.stdout(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
    if (result?.problem) io.stderr(`ebb: ${result.problem}\n`);
    return result?.exitCode ?? 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    const code = usage ? 'USAGE' : error instanceof EbbError ? error.code : 'INTERNAL';
    const message = (error as Error)?.message ?? String(error);
    io.stderr(`ebb: ${message}\n`);
    if (json) io.stdout(`${JSON.stringify({ error: { code, message } })}\n`);
    return usage ? 2 : 1;
  } finally {
    // Alerts raised while opening (a run a crash left) are delivered before the store closes.
    await core?.settle();
    core?.close();
    release?.();
  }
}
