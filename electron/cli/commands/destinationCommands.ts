import type { DestinationConfigInput } from '../../../core/destinations/config.js';
import { formatTable } from '../formatTable.js';
import {
  integerFlag,
  positional,
  required,
  single,
  UsageError,
  type ParsedArgs,
} from '../parseArgs.js';
import type { Command } from '../types.js';

const addUsage = [
  'ebb destination add NAME --type file --path DIR [--format jsonl|csv]',
  'ebb destination add NAME --type webhook --url URL [--header "K: V"]… [--batch-size N] [--concurrency N] [--rate N]',
  'ebb destination add NAME --type postgres --url URL --table T',
].join('\n       ');

function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0)
      throw new UsageError(`--header takes "Name: value", got "${value}".\nUsage: ${addUsage}`);
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

function configFrom(args: ParsedArgs): DestinationConfigInput {
  const type = required(args, 'type', addUsage);
  switch (type) {
    case 'file': {
      const format = single(args, 'format') ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv') {
        throw new UsageError(`--format is jsonl or csv, got "${format}".\nUsage: ${addUsage}`);
      }
      return { type, path: required(args, 'path', addUsage), format };
    }
    case 'webhook': {
      const rate = single(args, 'rate');
      if (rate !== undefined && !(Number(rate) > 0)) {
        throw new UsageError(`--rate is records per second, a positive number; got "${rate}".`);
      }
      return {
        type,
        url: required(args, 'url', addUsage),
        headers: parseHeaders(args.values.get('header') ?? []),
        batchSize: integerFlag(args, 'batch-size', addUsage),
        concurrency: integerFlag(args, 'concurrency', addUsage),
        ratePerSecond: rate === undefined ? undefined : Number(rate),
      };
    }
    case 'postgres':
      return {
        type,
        url: required(args, 'url', addUsage),
        table: required(args, 'table', addUsage),
      };
    default:
      throw new UsageError(
        `--type is file, webhook or postgres; got "${type}".\nUsage: ${addUsage}`,
      );
  }
}

export const destinationCommands: Record<string, Command> = {
  'destination add': {
    usage: addUsage,
    writes: true,
    flags: {
      values: ['type', 'path', 'format', 'url', 'batch-size', 'concurrency', 'rate', 'table'],
      repeatable: ['header'],
    },
    async run({ args, call }) {
      const name = positional(args, 0, 'the destination NAME', addUsage);
      const added = await call('destinations.add', { name, config: configFrom(args) });
      return {
        data: added,
        text: `Added destination "${added.name}" (${added.type}: ${added.target}).`,
      };
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
