import { describe, expect, test } from 'vitest';
import { RecordTextChange } from '../changeJson.js';
import type { Change } from '../types.js';
import { copyStatement } from './copyIn.js';

const TYPES = new Map([
  ['id', 'bigint'],
  ['name', 'text'],
  ['n', 'numeric'],
  ['x', 'double precision'],
  ['ok', 'boolean'],
  ['at', 'timestamp'],
]);
const ORDER = ['id', 'name', 'n', 'x', 'ok', 'at'];
const NAMES = new Set(ORDER);

/** A change whose record cannot be read: the COPY text must come from its JSON text alone. */
class UnparsedChange extends RecordTextChange {
  override get record(): Record<string, unknown> {
    throw new Error(`record ${this.id} was parsed`);
  }
}

/** The COPY data from records as rendered text (cut out) and as parsed objects. */
function both(records: Record<string, unknown>[], order = ORDER) {
  const rendered = records.map(
    (r, i) => new RecordTextChange('new', String(i + 1), JSON.stringify(r)),
  );
  const parsed: Change[] = records.map((r, i) => ({ op: 'new', id: String(i + 1), record: r }));
  const copy = (changes: Change[], o: string[]) =>
    copyStatement('t', 'id', TYPES, changes, NAMES, o)?.data.toString();
  return { rendered: copy(rendered, order), parsed: copy(parsed, []) };
}

describe('copyStatement from rendered records', () => {
  test('plain records are cut out of their text, never parsed, with the values parsing gives', () => {
    const records = [
      { id: 1, name: 'a', n: 12, x: 1.5, ok: true, at: '2024-01-01T00:00:01.000Z' },
      { id: 2, name: '', n: -7, x: 0, ok: false, at: null },
      { id: 3, name: 'é \u2028 /', n: 0, x: -0.25, ok: null, at: '2024-01-01T00:00:02.5Z' },
      { id: 4, name: null, n: 123456789012345, x: 1e21, ok: true, at: '' },
    ];
    const text = records.map((r, i) => new UnparsedChange('new', String(i + 1), JSON.stringify(r)));
    const data = copyStatement('t', 'id', TYPES, text, NAMES, ORDER)?.data.toString();
    expect(data).toBe(both(records).parsed);
    expect(data).toBe(
      '1\ta\t12\t1.5\ttrue\t2024-01-01T00:00:01.000Z\n' +
        '2\t\t-7\t0\tfalse\t\\N\n' +
        '3\té \u2028 /\t0\t-0.25\t\\N\t2024-01-01T00:00:02.5Z\n' +
        '4\t\\N\t123456789012345\t1e+21\ttrue\t\n',
    );
  });

  test('numbers whose text parsing changes land as parsing gives them', () => {
    // The warehouse's own spellings of numbers (numeric scale, exponents, big integers, -0).
    const numbers = [
      '1.50',
      '-0',
      '1e+20',
      '1E2',
      '1.5e-7',
      '9007199254740993',
      '1234567890123456',
      '0.1',
      '-0.0',
      '1e400',
      '0.000001',
      '0.0000001',
      '-0.000012',
      '123.456',
      '-0.5',
      '100',
      '1.0',
      '0.10',
      '123456789012345.5',
      '12345678901234.5',
      '0.30000000000000004',
    ];
    const lines = numbers.map(
      (n, i) => `{"id":${i + 1},"name":"a","n":${n},"x":${n},"ok":true,"at":null}`,
    );
    const rendered = lines.map((l, i) => new RecordTextChange('new', String(i + 1), l));
    const parsed = lines.map((l, i): Change => ({
      op: 'new',
      id: String(i + 1),
      record: JSON.parse(l),
    }));
    const data = copyStatement('t', 'id', TYPES, rendered, NAMES, ORDER)?.data.toString();
    expect(data).toBe(copyStatement('t', 'id', TYPES, parsed, NAMES, [])?.data.toString());
    expect(data?.split('\n')[0]).toBe('1\ta\t1.5\t1.5\ttrue\t\\N');
    expect(data?.split('\n')[1]).toBe('2\ta\t0\t0\ttrue\t\\N');
  });

  test('escapes, other key orders and nested values take the parse, with the same result', () => {
    const odd = 'tab\there, line\nbreak, cr\r, back\\slash \\N, "quote", \u0001';
    const records = [
      { id: 1, name: odd, n: 1, x: 2, ok: true, at: null },
      { name: 'b', id: 2, n: 1, x: 2, ok: true, at: null },
      { id: 3, name: 'c', n: 1, x: 2, ok: true },
      { id: 4, name: 'd', n: 1, x: 2, ok: true, at: null, extra: 5 },
      { id: 5, name: 'e', n: 1, x: 2, ok: true, at: null },
    ];
    const { rendered, parsed } = both(records);
    expect(rendered).toBe(parsed);
    expect(rendered).toContain('1\ttab\\there, line\\nbreak, cr\\r, back\\\\slash \\\\N');
    // A nested value has no text form: no COPY at all, either way.
    const nested = both([{ id: 1, name: { a: 1 }, n: 1, x: 2, ok: true, at: null }]);
    expect(nested).toEqual({ rendered: undefined, parsed: undefined });
  });

  test('names and values beyond ASCII are cut out as UTF-8', () => {
    const types = new Map([
      ['id', 'text'],
      ['nämé 😀', 'text'],
    ]);
    const order = [...types.keys()];
    const record = { id: 'x', 'nämé 😀': 'é 😀 \u2028 中' };
    const change = new UnparsedChange('new', 'ké', JSON.stringify(record));
    const data = copyStatement('t', 'id', types, [change], new Set(order), order)?.data;
    expect(data?.toString('utf8')).toBe('ké\té 😀 \u2028 中\n');
  });

  test('records with and without text, cut out or parsed, in one batch', () => {
    const records = [
      { id: 1, name: 'a', n: 1e20, x: 2, ok: true, at: null },
      { id: 2, name: 'b\u0001', n: 1, x: 2, ok: false, at: 'z' },
      { id: 3, name: 'c', n: 1, x: 2.5, ok: true, at: null },
      { id: 4, name: 'd', n: 1, x: 2, ok: true, at: null },
    ];
    const mixed: Change[] = records.map((r, i) =>
      i === 2
        ? { op: 'new', id: String(i + 1), record: r }
        : new RecordTextChange('new', String(i + 1), JSON.stringify(r)),
    );
    const data = copyStatement('t', 'id', TYPES, mixed, NAMES, ORDER)?.data.toString();
    expect(data).toBe(both(records).parsed);
    expect(data?.split('\n')[0]).toBe('1\ta\t100000000000000000000\t2\ttrue\t\\N');
  });

  test('random records: the cut-out text equals the parsed one', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Every other record without escapes (cut out), the rest with them too (parsed).
    const clean = ['a', 'é', '😀', ' ', '\u2028', '{', '}', ',', ':', '0', 'N', '/', 'true'];
    const escaped = [...clean, '"', '\\', '\t', '\n', '\u0000'];
    const value = (pieces: string[]): unknown => {
      const r = rand();
      if (r < 0.15) return null;
      if (r < 0.25) return rand() < 0.5;
      if (r < 0.45) return Math.round((rand() - 0.5) * 10 ** Math.floor(rand() * 20));
      if (r < 0.6) return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      let s = '';
      for (let i = Math.floor(rand() * 8); i > 0; i--)
        s += pieces[Math.floor(rand() * pieces.length)];
      return s;
    };
    const records = Array.from({ length: 2000 }, (_, i) => {
      const record: Record<string, unknown> = { id: i + 1 };
      for (const name of ORDER.slice(1)) record[name] = value(i % 2 ? escaped : clean);
      return record;
    });
    const { rendered, parsed } = both(records);
    expect(rendered).toBeDefined();
    expect(rendered).toBe(parsed);
  });
});
