import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fileSettings } from './settings.js';
import type { Change, ColumnSpec } from '../types.js';
import { csvCell } from './csv.js';
import { FileDestination } from './fileDestination.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-file-dest-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const make = (format: 'jsonl' | 'csv', folder = dir) =>
  new FileDestination(fileSettings().parse({ type: 'file', path: folder, format }));

const batch1: Change[] = [
  { op: 'new', id: '1', record: { id: 1, name: 'Ada, Countess', note: 'said "hi"' } },
  { op: 'updated', id: '2', record: { id: 2, name: 'line\nbreak', note: '' } },
];
const batch2: Change[] = [
  { op: 'new', id: '3', record: { id: 3, name: ' padded ', note: null, tags: undefined } },
  { op: 'deleted', id: '4', record: { __segment_id: '4', id: null, name: null, note: null } },
];

/** batch1 then batch2 sent to a `format` file of run `runId`: what each send answered, and the file. */
async function sendBoth(format: 'jsonl' | 'csv', runId: string, columns?: ColumnSpec[]) {
  const dest = make(format);
  await dest.open({ runId, syncName: 'users', ...(columns ? { columns } : {}) });
  const answers = [await dest.send(batch1), await dest.send(batch2)];
  await dest.close();
  return { answers, text: fs.readFileSync(path.join(dir, `users-${runId}.${format}`), 'utf8') };
}

describe('FileDestination', () => {
  test('a missing folder is made on the first run, owner-only', async () => {
    const folder = path.join(dir, 'exports', 'daily');
    const dest = make('jsonl', folder);
    await expect(dest.testConnection()).rejects.toThrow(/does not exist/);
    await dest.open({ runId: 'run-0', syncName: 'users' });
    expect(await dest.send(batch1)).toEqual({ delivered: ['1', '2'], failed: [] });
    await dest.close();
    expect(fs.readdirSync(folder)).toEqual(['users-run-0.jsonl']);
    if (process.platform !== 'win32') {
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dir, 'exports')).mode & 0o777).toBe(0o700);
    }
  });

  test('jsonl: one {"op","id","record"} per line, per run file', async () => {
    const { answers, text } = await sendBoth('jsonl', 'run-1');
    expect(answers).toEqual([
      { delivered: ['1', '2'], failed: [] },
      { delivered: ['3', '4'], failed: [] },
    ]);
    expect(text).toBe(
      [
        '{"op":"new","id":"1","record":{"id":1,"name":"Ada, Countess","note":"said \\"hi\\""}}',
        '{"op":"updated","id":"2","record":{"id":2,"name":"line\\nbreak","note":""}}',
        '{"op":"new","id":"3","record":{"id":3,"name":" padded ","note":null}}',
        '{"op":"deleted","id":"4","record":{"__segment_id":"4","id":null,"name":null,"note":null}}',
        '',
      ].join('\n'),
    );
  });

  test('csv: op column, then the model columns, quoted per RFC 4180', async () => {
    const columns = ['id', 'name', 'note'].map((name) => ({ name, type: 'VARCHAR' }));
    const { text } = await sendBoth('csv', 'run-2', columns);
    expect(text).toBe(
      [
        'op,id,name,note,__segment_id',
        'new,1,"Ada, Countess","said ""hi""",',
        'updated,2,"line\nbreak","",',
        'new,3," padded ",,',
        'deleted,,,,4',
        '',
      ].join('\n'),
    );
  });

  test('csv without declared columns takes them from the first batch; strangers fail', async () => {
    const dest = make('csv');
    await dest.open({ runId: 'r', syncName: 's' });
    expect(await dest.send([{ op: 'new', id: 'a', record: { x: 1, y: { k: [1] } } }])).toEqual({
      delivered: ['a'],
      failed: [],
    });
    const result = await dest.send([
      { op: 'new', id: 'b', record: { x: 2, z: true } },
      { op: 'updated', id: 'c', record: { x: 3, y: null } },
    ]);
    expect(result.delivered).toEqual(['c']);
    expect(result.failed).toEqual([{ id: 'b', reason: 'column "z" is not in the CSV header' }]);
    await dest.close();
    expect(fs.readFileSync(path.join(dir, 's-r.csv'), 'utf8')).toBe(
      'op,x,y,__segment_id\nnew,1,"{""k"":[1]}",\nupdated,3,,\n',
    );
  });

  test('concurrent sends never interleave: every line is whole', async () => {
    const dest = make('jsonl');
    await dest.open({ runId: 'c', syncName: 'many' });
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 50 }, (_, i): Change => ({
        op: 'new',
        id: `${b}-${i}`,
        record: { pad: 'x'.repeat(200 + i) },
      })),
    );
    const results = await Promise.all(batches.map((b) => dest.send(b)));
    await dest.close();
    expect(results.flatMap((r) => r.delivered)).toHaveLength(1000);
    const lines = fs.readFileSync(path.join(dir, 'many-c.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual(
      batches
        .flat()
        .map((c) => c.id)
        .sort(),
    );
  });

  test('a run never reuses an older file, and unsafe sync names stay inside the folder', async () => {
    const dest = make('jsonl');
    await dest.open({ runId: 'same', syncName: '../../etc/passwd' });
    await dest.send(batch1);
    await dest.close();
    await dest.open({ runId: 'same', syncName: '../../etc/passwd' });
    await dest.send(batch2);
    await dest.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['__.._etc_passwd-same-2.jsonl', '__.._etc_passwd-same.jsonl']);
    expect(fs.readFileSync(path.join(dir, files[1] ?? ''), 'utf8').split('\n')).toHaveLength(3);
  });

  test('testConnection: passes on a writable folder, explains a missing folder or a file', async () => {
    await make('jsonl').testConnection();
    expect(fs.readdirSync(dir)).toEqual([]);
    await expect(make('jsonl', path.join(dir, 'nope')).testConnection()).rejects.toThrow(
      /does not exist: create it or choose another folder/,
    );
    await expect(make('jsonl', path.join(dir, 'nope')).testConnection()).rejects.toMatchObject({
      code: 'FOLDER_MISSING',
    });
    const file = path.join(dir, 'plain.txt');
    fs.writeFileSync(file, 'x');
    await expect(make('csv', file).testConnection()).rejects.toThrow(/is a file, not a folder/);
  });

  test('send before open and after an abort reject without writing', async () => {
    const dest = make('jsonl');
    await expect(dest.send(batch1)).rejects.toThrow(/before open/);
    await dest.open({ runId: 'a', syncName: 'b' });
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(dest.send(batch1, controller.signal)).rejects.toThrow('cancelled');
    await dest.close();
    expect(fs.readFileSync(path.join(dir, 'b-a.jsonl'), 'utf8')).toBe('');
  });
});

test('csvCell distinguishes null from empty and quotes what needs it', () => {
  expect(csvCell(null)).toBe('');
  expect(csvCell('')).toBe('""');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('cr\rx')).toBe('"cr\rx"');
  expect(csvCell(12.5)).toBe('12.5');
  expect(csvCell(false)).toBe('false');
  expect(csvCell([1, 'a'])).toBe('"[1,""a""]"');
});
