import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test } from 'vitest';
import { csvLine } from '../destinations/file/csv.js';
import { stagedCsvLinesSql } from './stagedCsvLine.js';

/** Each record's CSV row as DuckDB writes it (stagedCsvLinesSql) and as Node does (csvLine). */
async function rows(records: string[], columns: string[], blank = new Set<string>()) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`create table staged (seq bigint, op varchar, record varchar)`);
    const appender = await connection.createAppender('staged');
    records.forEach((record, at) => {
      appender.appendBigInt(BigInt(at));
      appender.appendVarchar('new');
      appender.appendVarchar(record);
      appender.endRow();
    });
    appender.closeSync();
    const sql = stagedCsvLinesSql(columns, blank, 'select op, record from staged order by seq');
    const written = (await connection.runAndReadAll(sql)).getRows().map(([line]) => String(line));
    return records.map((record, at) => {
      const parsed = JSON.parse(record) as Record<string, unknown>;
      return {
        record,
        duckdb: written[at],
        node: csvLine(['new', ...columns.map((c) => parsed[c])]),
      };
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test('every number is written as String(number) or handed back to Node (chr(1))', async () => {
  const next = random(7);
  const numbers: string[] = [
    '0',
    '-0',
    '0.0',
    '-0.0',
    '1.50',
    '100.00',
    '1e21',
    '1e-7',
    '0.000001',
  ];
  for (let i = 0; i < 4000; i++) {
    const magnitude = 10 ** Math.floor(next() * 40 - 20);
    numbers.push(JSON.stringify((next() - 0.5) * magnitude));
    numbers.push(JSON.stringify(Math.round((next() - 0.5) * 10 ** Math.floor(next() * 9)) / 100));
    numbers.push(
      `${Math.floor(next() * 1e6)}.${String(Math.floor(next() * 1000)).padStart(3, '0')}`,
    );
  }
  numbers.push('9007199254740991', '-9007199254740991', '9007199254740993', '18446744073709551615');
  const result = await rows(
    numbers.map((n) => `{"x":${n}}`),
    ['x'],
  );
  const wrong = result.filter((r) => r.duckdb !== '\x01' && `${r.duckdb}\n` !== r.node);
  expect(wrong.slice(0, 5)).toEqual([]);
  // Everyday amounts (cents, thousandths) never need Node.
  const everyday = result.filter((r) => /^\{"x":-?\d{1,9}(\.\d{1,3})?\}$/.test(r.record));
  expect(everyday.length).toBeGreaterThan(4000);
  expect(everyday.filter((r) => r.duckdb === '\x01')).toEqual([]);
  // Beyond 2^53 and exponents are Node's.
  for (const n of ['9007199254740993', '18446744073709551615', '1e21', '1e-7']) {
    expect(result.find((r) => r.record === `{"x":${n}}`)?.duckdb).toBe('\x01');
  }
});

test('a text is quoted exactly where Node quotes it, whatever code point begins or ends it', async () => {
  const texts: string[] = [
    '',
    'plain',
    'a,b',
    'say "hi"',
    'é ü 中文 😀',
    'inner\u2028break',
    '\u0001',
  ];
  for (let code = 1; code < 0x3100; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCodePoint(code);
    texts.push(`${char}x`, `x${char}`);
  }
  texts.push('\ufeffx', 'x\ufeff', 'line\nbreak', 'carriage\rreturn');
  const result = await rows(
    texts.map((text) => JSON.stringify({ name: text, n: null, ok: true })),
    ['name', 'n', 'ok', '__segment_id'],
    new Set(['__segment_id']),
  );
  const wrong = result.filter((r) => r.duckdb !== '\x01' && `${r.duckdb}\n` !== r.node);
  expect(wrong.slice(0, 5)).toEqual([]);
  // Only line breaks and the 0x01 marker itself go back to Node.
  const handedBack = result.filter((r) => r.duckdb === '\x01').map((r) => r.record);
  expect(handedBack).toEqual(
    result.filter((r) => /\\n|\\r|\\u0001/.test(r.record)).map((r) => r.record),
  );
  expect(handedBack.length).toBeGreaterThan(0);
});

test('a column the record lacks, an object or an array goes back to Node', async () => {
  const result = await rows(
    ['{"a":1}', '{"a":1,"b":{"c":2}}', '{"a":1,"b":[1,2]}', '{"a":1,"b":"x"}'],
    ['a', 'b'],
  );
  expect(result.map((r) => r.duckdb)).toEqual(['\x01', '\x01', '\x01', 'new,1,x']);
});
