import { expect, test } from 'vitest';
import { command, listCommand } from './command.js';
import type { CommandContext } from './types.js';

const context = (positionals: string[], list: unknown[] = []) =>
  ({
    args: { positionals, values: new Map(), booleans: new Set() },
    call: async () => list,
  }) as unknown as CommandContext;

test('command: arg() is the positional asked for, or a usage error naming it and the usage', async () => {
  const echo = command(
    'ebb thing echo NAME [OTHER]',
    'writes',
    { values: ['x'] },
    async ({ arg }) => ({
      data: [arg('the thing NAME'), arg('the OTHER', 1)],
      text: '',
    }),
  );
  expect(echo).toMatchObject({
    usage: 'ebb thing echo NAME [OTHER]',
    writes: true,
    flags: { values: ['x'] },
  });
  expect(await echo.run(context(['a', 'b']))).toMatchObject({ data: ['a', 'b'] });
  await expect(echo.run(context(['a']))).rejects.toThrow(
    'Missing the OTHER.\nUsage: ebb thing echo NAME [OTHER]',
  );
  const reader = command('ebb thing list', 'reads', async () => ({ data: null, text: '' }));
  expect(reader.writes).toBe(false);
  expect(reader.flags).toBeUndefined();
});

test('listCommand answers the rows under their key and shows them as a table', async () => {
  const list = listCommand(
    'ebb thing list',
    'things',
    async (call) => (await call('models.list', {})) as { name: string }[],
    ['name'],
  );
  expect(await list.run(context([], [{ name: 'a' }]))).toEqual({
    data: { things: [{ name: 'a' }] },
    text: 'name\n----\na',
  });
});
