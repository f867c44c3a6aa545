import { expect, test } from 'vitest';
import { SYNC_OPS_FLAGS, syncOpsFromArgs } from './commands/opsCommands.js';
import { parseArgs, UsageError } from './parseArgs.js';

const ops = (...argv: string[]) =>
  syncOpsFromArgs(parseArgs(argv, SYNC_OPS_FLAGS, 'usage'), 'usage');

test('--log-to-warehouse and --no-log-to-warehouse together are a usage error, not a silent off', () => {
  expect(ops('--log-to-warehouse')).toEqual({ logToWarehouse: true });
  expect(ops('--no-log-to-warehouse')).toEqual({ logToWarehouse: false });
  expect(ops()).toBeUndefined();
  expect(() => ops('--log-to-warehouse', '--no-log-to-warehouse')).toThrow(UsageError);
  expect(() => ops('--no-log-to-warehouse', '--log-to-warehouse')).toThrow(/not both/);
});
