import { describe, expect, test } from 'vitest';
import { recordJsonSql, valueJsonSql } from './jsonSql.js';
import { quoteIdentIn, quoteLiteralIn } from './sqlLiteral.js';

// Snowflake and BigQuery cannot be reached from CI: these pin the SQL Ebb writes for them, rule
// by rule, against each service's documented syntax (cited in the files under test).

describe('quoting', () => {
  test('Snowflake doubles backslashes in literals (it reads escapes there) and quotes names as standard', () => {
    expect(quoteLiteralIn('snowflake', `it's C:\\n`)).toBe(`'it''s C:\\\\n'`);
    expect(quoteIdentIn('snowflake', 'a "b"')).toBe('"a ""b"""');
  });

  test('BigQuery escapes with backslashes (no doubled quotes, no raw line breaks) and quotes names with backticks', () => {
    expect(quoteLiteralIn('bigquery', `it's C:\\n\n\u001f`)).toBe(`'it\\'s C:\\\\n\\x0a\\x1f'`);
    expect(quoteIdentIn('bigquery', 'we`ird "name"')).toBe('`we\\`ird "name"`');
  });

  test('the other warehouses keep standard quoting', () => {
    for (const dialect of ['duckdb', 'postgres', 'mysql'] as const) {
      expect(quoteLiteralIn(dialect, `it's \\`)).toBe(`'it''s \\'`);
      expect(quoteIdentIn(dialect, 'a"b')).toBe('"a""b"');
    }
  });

  test('a NUL cannot be a literal anywhere', () => {
    expect(() => quoteLiteralIn('snowflake', 'a\0')).toThrow(/NUL/);
    expect(() => quoteLiteralIn('bigquery', 'a\0')).toThrow(/NUL/);
  });
});

describe('BigQuery values as JSON', () => {
  const json = (kind: Parameters<typeof valueJsonSql>[2]) => valueJsonSql('bigquery', 'x', kind);

  test('a record: backtick names, JSON keys in BigQuery literals, null for NULL', () => {
    const sql = recordJsonSql(
      'bigquery',
      [
        { name: 'id', valueType: { kind: 'bigint' } },
        { name: `o'k "name"`, valueType: { kind: 'string' } },
      ],
      'm',
    );
    expect(sql).toBe(
      `('{"id":' || coalesce((case when m.\`id\` between -9007199254740991 and 9007199254740991 then cast(m.\`id\` as string) else ('"' || cast(m.\`id\` as string) || '"') end), 'null') || ',"o\\'k \\\\"name\\\\"":' || coalesce(to_json_string(cast(m.\`o'k "name"\` as string)), 'null') || '}')`,
    );
  });

  test('TIMESTAMP in UTC and DATETIME as written, three fraction digits unless microseconds', () => {
    expect(json({ kind: 'timestamptz' })).toBe(
      `('"' || (case when mod(extract(microsecond from x), 1000) = 0 then format_timestamp('%Y-%m-%dT%H:%M:%E3SZ', x, 'UTC') else format_timestamp('%Y-%m-%dT%H:%M:%E6SZ', x, 'UTC') end) || '"')`,
    );
    expect(json({ kind: 'timestamp' })).toContain(`format_datetime('%Y-%m-%dT%H:%M:%E6SZ', x)`);
    expect(json({ kind: 'date' })).toBe(`('"' || format_date('%Y-%m-%d', x) || '"')`);
  });

  test('floats: NaN and infinities as strings, numbers through TO_JSON_STRING', () => {
    expect(json({ kind: 'float' })).toBe(
      `(case when is_nan(x) then '"NaN"' when is_inf(x) then (case when x > 0 then '"Infinity"' else '"-Infinity"' end) else to_json_string(x) end)`,
    );
  });

  test('decimals: bounded precision as trimmed text, else a string beyond 15 digits or 2^53', () => {
    expect(json({ kind: 'decimal', precision: 10, scale: 2 })).toBe(
      `(case when strpos(cast(x as string), '.') > 0 then rtrim(rtrim(cast(x as string), '0'), '.') else cast(x as string) end)`,
    );
    const wide = json({ kind: 'decimal', precision: 38, scale: 9 });
    expect(wide).toContain("abs(x) > 9007199254740991 then ('\"' ||");
    expect(wide).toContain(
      `when length(trim(replace(replace(cast(x as string), '-', ''), '.', ''), '0')) <= 15 then`,
    );
  });

  test('ARRAY in offset order and STRUCT fields in declared order', () => {
    expect(json({ kind: 'list', element: { kind: 'int' } })).toBe(
      `(case when x is not null then '[' || array_to_string(array(select coalesce(cast(ebb_e0 as string), 'null') from unnest(x) as ebb_e0 with offset as ebb_o0 order by ebb_o0), ',') || ']' end)`,
    );
    expect(
      json({
        kind: 'struct',
        fields: [
          { name: 'a', type: { kind: 'boolean' } },
          { name: 'b c', type: { kind: 'binary' } },
        ],
      }),
    ).toBe(
      `(case when x is not null then '{"a":' || coalesce((case when x.\`a\` then 'true' when not x.\`a\` then 'false' end), 'null') || ',"b c":' || coalesce(('"' || to_base64(x.\`b c\`) || '"'), 'null') || '}' end)`,
    );
  });

  test('JSON columns keep their JSON text', () => {
    expect(json({ kind: 'json' })).toBe('to_json_string(x)');
  });
});

describe('Snowflake values as JSON', () => {
  const json = (kind: Parameters<typeof valueJsonSql>[2]) => valueJsonSql('snowflake', 'x', kind);

  test('TIMESTAMP_LTZ/TZ converted to UTC; NTZ as written', () => {
    expect(json({ kind: 'timestamptz' })).toBe(
      `('"' || (case when mod(extract(nanosecond from convert_timezone('UTC', x)::timestamp_ntz), 1000000) = 0 then to_char(convert_timezone('UTC', x)::timestamp_ntz, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"') else to_char(convert_timezone('UTC', x)::timestamp_ntz, 'YYYY-MM-DD"T"HH24:MI:SS.FF6"Z"') end) || '"')`,
    );
    expect(json({ kind: 'timestamp' })).toContain(`to_char(x, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')`);
  });

  test('semi-structured values are JSON already; strings go through TO_JSON', () => {
    expect(json({ kind: 'json' })).toBe('to_json(x)');
    expect(json({ kind: 'string' })).toBe('to_json(to_variant(cast(x as varchar)))');
  });

  test('binary as one-line base64, time with six digits only when it has a fraction', () => {
    expect(json({ kind: 'binary' })).toBe(`('"' || base64_encode(x) || '"')`);
    expect(json({ kind: 'time' })).toBe(
      `('"' || (case when extract(nanosecond from x) = 0 then to_char(x, 'HH24:MI:SS') else to_char(x, 'HH24:MI:SS.FF6') end) || '"')`,
    );
  });

  test('NUMBER(p, s) keeps no trailing zeros', () => {
    expect(json({ kind: 'decimal', precision: 12, scale: 2 })).toBe(
      `(case when contains(cast(x as varchar), '.') then rtrim(rtrim(cast(x as varchar), '0'), '.') else cast(x as varchar) end)`,
    );
  });

  test('a record quotes keys as Snowflake literals (backslashes doubled)', () => {
    expect(recordJsonSql('snowflake', [{ name: 'a\\b', valueType: { kind: 'int' } }], 'm')).toBe(
      `('{"a\\\\\\\\b":' || coalesce(cast(m."a\\b" as varchar), 'null') || '}')`,
    );
  });
});
