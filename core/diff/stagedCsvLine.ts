import { quoteLiteral } from '../values/sqlLiteral.js';

/**
 * Staged changes (`staged`: a select of `op, record` in seq order) as the CSV rows the file
 * destination writes for them (`csvLine([op, …values])`, core/destinations/file/csv.ts), one text
 * a change in DuckDB SQL, or chr(1) where the row Node writes could differ (exportStaged.ts: the
 * reader then sends that range change by change).
 *
 * `columns` are the file's header columns after `op`; a column in `blank` is always empty (the
 * destination's `__segment_id`, which no record holds). Each record is parsed once for its values
 * (`json_extract_string` of every column) and once for their JSON types (`json_type`), and a cell
 * is what csvCell() makes of `JSON.parse(record)[column]`:
 *
 * - null: an empty cell; a column the record lacks: chr(1);
 * - a string: as it is, or quoted (`"` doubled) when it is empty or holds `"` or `,` or begins
 *   or ends with what JavaScript's trim() removes; one with a line break: chr(1) (a row is a line);
 * - true / false: as they are;
 * - an integer: its digits, when JavaScript reads it exactly (|n| ≤ 2^53 - 1), else chr(1);
 * - any other number: DuckDB writes the same shortest digits as JavaScript's String(number) (it
 *   reads the text to the same double), spelt `100.0` where JavaScript writes `100` and `-0.0`
 *   for `0`; a number DuckDB writes with an exponent: chr(1) (the two place exponents apart);
 * - an object or an array (JSON.stringify writes it again): chr(1).
 */
export function stagedCsvLinesSql(
  columns: readonly string[],
  blank: ReadonlySet<string>,
  staged: string,
): string {
  const read = columns.filter((column) => !blank.has(column));
  const paths = `[${read.map((column) => quoteLiteral(jsonPointer(column))).join(', ')}]`;
  const cells = columns.map((column) => {
    const at = read.indexOf(column) + 1;
    return at === 0 ? `''` : csvCellSql(`v[${at}]`, `t[${at}]`);
  });
  const parsed =
    read.length === 0
      ? `select op, record from (${staged})`
      : `select op, record, json_extract_string(record, ${paths}) as v,
                json_type(record, ${paths}) as t
           from (${staged})`;
  return `select case when op in ('new', 'updated') and record <> '' and not contains(l, chr(1))
                      then l else chr(1) end
            from (select op, record, concat(op, ',', ${cells.join(", ',', ")}) as l
                    from (${parsed}))`;
}

/** RFC 6901: the record's key `name`, whatever it holds. */
const jsonPointer = (name: string) => `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * A text csvCell() quotes besides an empty one: holding `"` or `,`, or beginning or ending with
 * what JavaScript's trim() removes (WhiteSpace and LineTerminator, ECMA-262), as an RE2 pattern.
 */
const WHITE =
  '[\\t-\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}]';
const QUOTED = `'[",]|^${WHITE}|${WHITE}$'`;

/** One cell from a value's text `v` (json_extract_string) and its JSON type `t` (json_type). */
function csvCellSql(v: string, t: string): string {
  return `case ${t}
    when 'NULL' then ''
    when 'VARCHAR' then case
      when ${v} = '' then '""'
      when contains(${v}, chr(10)) or contains(${v}, chr(13)) then chr(1)
      when regexp_matches(${v}, ${QUOTED})
        then concat('"', replace(${v}, '"', '""'), '"')
      else ${v} end
    when 'BOOLEAN' then ${v}
    when 'BIGINT' then case when abs(${v}::hugeint) <= 9007199254740991 then ${v} else chr(1) end
    when 'UBIGINT' then case when ${v}::hugeint <= 9007199254740991 then ${v} else chr(1) end
    when 'DOUBLE' then case
      when contains(${v}, 'e') or contains(${v}, 'E') or not contains(${v}, '.') then chr(1)
      when ${v} = '-0.0' then '0'
      when ends_with(${v}, '.0') then left(${v}, -2)
      else ${v} end
    else chr(1) end`;
}
