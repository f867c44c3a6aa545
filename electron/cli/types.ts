import type { Call } from '../../core/api/callThrough.js';
import type { Core } from '../../core/createCore.js';
import type { ParsedArgs } from './parseArgs.js';

export type { Call };

/** What a command prints: `data` with --json, `text` without. */
export interface CommandResult {
  data: unknown;
  text: string;
  /** The process's exit code when it is not 0 although the command itself worked (`sync run`). */
  exitCode?: number;
  /** Printed on stderr (`ebb: …`) with or without --json: why that exit code, and the fix. */
  problem?: string;
}

export interface CommandContext {
  args: ParsedArgs;
  call: Call;
  core: Core;
  json: boolean;
  io: CliIo;
}

export interface Command {
  usage: string;
  /** Whether it writes the store (and so takes the home's write lock). */
  writes: boolean;
  flags?: {
    values?: readonly string[];
    repeatable?: readonly string[];
    booleans?: readonly string[];
  };
  /** Long-running commands (serve, scheduler) print on their own and resolve when interrupted. */
  run(ctx: CommandContext): Promise<CommandResult | undefined>;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user interrupts a long-running command (SIGINT/SIGTERM). */
  interrupted(): Promise<void>;
}
