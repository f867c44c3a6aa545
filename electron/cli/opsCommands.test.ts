import { expect, test } from 'vitest';
import { startMirrorReceiver } from '../../core/testing/mirrorReceiver.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { ebbJson, usersModel } from './testing/cliHarness.js';

const ebb = ebbJson;

test('sync add --retry-syncs/--retry-days/--log-to-warehouse, ebb quarantine, ebb replay --id', async () => {
  const { home, cleanup } = tempHome('ebb-cli-ops-');
  const mirror = await startMirrorReceiver();
  try {
    await usersModel(home, 5);
    await ebb(home, 'destination', 'add', 'hook', '--type', 'webhook', '--url', mirror.url);
    const added = await ebb(
      home,
      ...['sync', 'add', 's', '--model', 'm', '--destination', 'hook'],
      ...['--retry-syncs', '1', '--retry-days', '3', '--log-to-warehouse'],
    );
    expect(added.json.ops).toMatchObject({ retrySyncs: 1, retryDays: 3, logToWarehouse: true });
    mirror.refuse = new Set(['2']);
    const run = await ebb(home, 'sync', 'run', 's');
    expect(run).toMatchObject({ code: 3, json: { failed: 1, quarantined: 1 } });
    const parked = await ebb(home, 'quarantine', 's');
    expect(parked.json).toMatchObject({
      records: [{ recordId: '2', op: 'new', lastError: 'record 2 refused by the receiver' }],
    });
    mirror.refuse.clear();
    const replayed = await ebb(home, 'replay', 's', '--id', '2');
    expect(replayed).toMatchObject({ code: 0, json: { replayed: 1, run: { delivered: 1 } } });
    expect([...mirror.rows.keys()].sort()).toEqual(['0', '1', '2', '3', '4']);
    expect((await ebb(home, 'quarantine', 's')).json.records).toEqual([]);
  } finally {
    await mirror.close();
    cleanup();
  }
});

test('ebb replay --error that matches no parked record is refused, and runs nothing', async () => {
  const { home, cleanup } = tempHome('ebb-cli-ops-');
  const mirror = await startMirrorReceiver();
  try {
    await usersModel(home, 3);
    await ebb(home, 'destination', 'add', 'hook', '--type', 'webhook', '--url', mirror.url);
    await ebb(
      home,
      ...['sync', 'add', 's', '--model', 'm', '--destination', 'hook', '--retry-syncs', '1'],
    );
    mirror.refuse = new Set(['2']);
    expect((await ebb(home, 'sync', 'run', 's')).code).toBe(3);
    const replayed = await ebb(home, 'replay', 's', '--error', 'no such error');
    expect(replayed.code).toBe(1);
    expect(replayed.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(replayed.stderr).toMatch(/ebb quarantine s/);
    expect((await ebb<unknown[]>(home, 'runs', 's')).json).toHaveLength(1);
    expect((await ebb(home, 'quarantine', 's')).json.records).toHaveLength(1);
  } finally {
    await mirror.close();
    cleanup();
  }
});
