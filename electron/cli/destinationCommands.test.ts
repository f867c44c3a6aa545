import { expect, test } from 'vitest';
import { startBrazeStandIn } from '../../core/destinations/braze/standIn.js';
import { ebbJson, homePerTest, words } from './testing/cliHarness.js';

const home = homePerTest();

const ebb = (dir: string, args: string[]) => ebbJson(dir, ...args);

test('the flags of file, webhook and postgres keep working, and --set reaches every key', async () => {
  const dir = home();
  const file = await ebb(dir, words`destination add f --type file --path ${dir} --format csv`);
  expect(file.code).toBe(0);
  expect(file.json).toMatchObject({ type: 'file', settings: { path: dir, format: 'csv' } });

  const hook = await ebb(
    dir,
    words`destination add h --type webhook --url http://127.0.0.1:9/in --header ${'Authorization: Bearer s3cret-token'} --header ${'X-Team: growth'} --batch-size 50 --concurrency 2 --rate 10 --set timeoutMs=5000`,
  );
  expect(hook.code).toBe(0);
  expect(hook.json).toMatchObject({
    type: 'webhook',
    settings: {
      url: 'http://127.0.0.1:9/in',
      headers: { Authorization: '****', 'X-Team': '****' },
      batchSize: 50,
      concurrency: 2,
      ratePerSecond: 10,
      timeoutMs: 5000,
    },
  });
  expect(JSON.stringify(hook.json)).not.toContain('s3cret');

  const pg = await ebb(
    dir,
    words`destination add p --type postgres --url postgres://u:pw@h/db --table t`,
  );
  expect(pg.code).toBe(0);
  expect(pg.json).toMatchObject({ type: 'postgres', settings: { table: 't', schema: 'public' } });

  // Wrong and missing settings are named, with the keys the type has.
  const addFileX = (...flags: string[]) =>
    ebb(dir, ['destination', 'add', 'x', '--type', 'file', '--path', dir, ...flags]);
  const missing = await ebb(dir, ['destination', 'add', 'x', '--type', 'postgres', '--table', 't']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('needs --url (Connection URL)');
  const foreign = await addFileX('--table', 't');
  expect(foreign.code).toBe(2);
  expect(foreign.stderr).toContain('--table is not a setting of a file destination');
  const unknown = await addFileX('--set', 'folder=/y');
  expect(unknown.stderr).toContain(
    '"folder" is not a setting of a file destination; its settings are path, format',
  );
  const badValue = await addFileX('--format', 'xml');
  // A bad flag value is a usage error (CLI.md: exit 2), naming the values the key takes.
  expect(badValue.code).toBe(2);
  expect(badValue.stderr).toContain('--format is one of jsonl, csv; got "xml"');
  const hookX = (...flags: string[]) =>
    ebb(dir, [
      'destination',
      'add',
      'x',
      '--type',
      'webhook',
      '--url',
      'http://127.0.0.1:9/',
      ...flags,
    ]);
  for (const [flags, given] of [
    [['--header', 'Authorization Bearer s3cret'], '--header'],
    [['--set', 'headers=Authorization Bearer s3cret'], '--set headers=…'],
  ] as const) {
    const noColon = await hookX(...flags);
    expect(noColon).toMatchObject({ code: 1, json: { error: { code: 'INVALID_ARGUMENT' } } });
    expect(noColon.stderr).toContain(`${given} takes "Name: value" (given once per entry)`);
    expect(noColon.stderr + noColon.stdout).not.toContain('s3cret');
  }
});

test('a segment destination with call=track is refused without its event name (CLI.md)', async () => {
  const dir = home();
  const add = words`destination add s --type segment --set writeKey=k-0001 --set call=track`;
  const refused = await ebb(dir, add);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('event: a track call needs the event name');
  const added = await ebb(dir, [...add, '--set', 'event=Synced']);
  expect(added).toMatchObject({ code: 0, json: { settings: { call: 'track', event: 'Synced' } } });
});

test('destination types lists every key; update changes only what is given and keeps secrets', async () => {
  const dir = home();
  const types = await ebb(dir, ['destination', 'types']);
  expect(types.code).toBe(0);
  const list = types.json.types as { type: string; settings: { key: string }[] }[];
  expect(list.map((t) => t.type)).toEqual(expect.arrayContaining(['file', 'webhook', 'postgres']));
  expect(list.find((t) => t.type === 'webhook')!.settings[0]).toMatchObject({
    key: 'url',
    label: 'URL',
    required: true,
    secret: false,
  });

  await ebb(
    dir,
    words`destination add h --type webhook --url http://127.0.0.1:9/in --header ${'Authorization: Bearer keep-me'}`,
  );
  const updated = await ebb(dir, words`destination update h --set batchSize=25 --name hook`);
  expect(updated.code).toBe(0);
  expect(updated.json).toMatchObject({
    name: 'hook',
    settings: { batchSize: 25, headers: { Authorization: '****' } },
  });
  const gone = await ebb(dir, ['destination', 'update', 'nope', '--set', 'batchSize=2']);
  expect(gone.code).toBe(1);
  expect(gone.stderr).toContain('No destination named "nope"');
});

test('destination test [--set]: the stored destination, or with edits applied, tested and nothing saved; update --test saves nothing when the test fails', async () => {
  const dir = home();
  const braze = await startBrazeStandIn();
  try {
    const add = ['destination', 'add', 'b', '--type', 'braze', '--set', `endpoint=${braze.url}`];
    expect((await ebb(dir, [...add, '--set', `apiKey=${braze.apiKey}`])).code).toBe(0);
    const ok = await ebb(dir, ['destination', 'test', 'b']);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true });

    // A wrong key typed as an edit is tested, not saved: the stored key still works.
    const wrong = await ebb(dir, ['destination', 'test', 'b', '--set', 'apiKey=wrong-key-0001']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('apiKey');
    const refused = await ebb(dir, words`destination update b --set apiKey=wrong-key-0001 --test`);
    expect(refused.code).toBe(1);
    expect((await ebb(dir, ['destination', 'test', 'b'])).code).toBe(0);

    // A tested edit that passes is saved; the key, not re-entered, is kept.
    const moved = await ebb(dir, words`destination update b --set concurrency=2 --test`);
    expect(moved.code).toBe(0);
    expect(moved.json).toMatchObject({ settings: { concurrency: 2, apiKey: '****' } });
    expect((await ebb(dir, ['destination', 'test', 'b'])).code).toBe(0);
  } finally {
    await braze.close();
  }
});
