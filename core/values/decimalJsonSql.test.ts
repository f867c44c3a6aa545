import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decimalJsonSql } from './decimalJsonSql.js';

let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance.closeSync());

/** `count` decimal texts of scale `scale`, most under 10^(15 − scale), some at and past it. */
function texts(scale: number, count: number): string[] {
  const bound = 15 - scale;
  const digits = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => String((seed * 7919 + i * 104729) % 10)).join('');
  // Zero, the bound itself, and the largest values under it either side.
  const under = `${'9'.repeat(bound) || '0'}${scale > 0 ? `.${'9'.repeat(scale)}` : ''}`;
  const out = ['0', '-0', `1${'0'.repeat(bound)}`, under, `-${under}`];
  for (let i = 0; i < count; i++) {
    // 0 to bound + 1 digits before the point: most under the bound, some over.
    const whole = digits(i % (bound + 2), i).replace(/^0+/, '') || '0';
    const fraction = scale > 0 ? `.${digits(scale, i + 1)}` : '';
    out.push(`${i % 3 === 0 ? '-' : ''}${whole}${fraction}`);
  }
  return out;
}

test("DuckDB renders a wide decimal under the bound as DuckDB's own text of it, byte for byte", async () => {
  const connection = await instance.connect();
  try {
    for (const [precision, scale] of [
      [21, 1],
      [38, 0],
      [38, 2],
      [38, 9],
      [38, 15],
      [18, 4],
    ] as const) {
      // Values no DECIMAL(18, scale) holds too (the narrowing cast must never meet them).
      const huge =
        precision - scale >= 20
          ? [
              `${'9'.repeat(20)}${scale > 0 ? `.${'5'.repeat(scale)}` : ''}`,
              `-1${'0'.repeat(19)}${scale > 0 ? `.${'1'.repeat(scale)}` : ''}`,
            ]
          : [];
      const values = [...texts(scale, 200), ...huge]
        .map((text) => `(cast('${text}' as decimal(${precision}, ${scale})))`)
        .join(', ');
      const rendered = decimalJsonSql('duckdb', 'v', { kind: 'decimal', precision, scale }, 0);
      const reader = await connection.runAndReadAll(
        `select v::varchar as plain, ${rendered} as json, abs(v) < 1${'0'.repeat(15 - scale)} as bounded
           from (values ${values}) as t(v)`,
      );
      const rows = reader.getRowObjectsJson() as {
        plain: string;
        json: string;
        bounded: boolean;
      }[];
      expect(rows.filter((row) => row.bounded).length).toBeGreaterThan(90);
      const differ = rows.filter((row) => row.bounded && row.json !== row.plain);
      expect({ precision, scale, differ }).toEqual({ precision, scale, differ: [] });
    }
  } finally {
    connection.closeSync();
  }
});
