/**
 * A MySQL FLOAT (4 bytes) as JSON: the shortest decimal that reads back as the same float, as
 * PostgreSQL's float4 and DuckDB's FLOAT print it. MariaDB's own text of a FLOAT keeps 6
 * significant digits (1234567 prints as 1234570, 16777216 as 16777200), which sent wrong values.
 *
 * For p = 1..9 significant digits, the first rounding that casts back to the same float wins.
 * ROUND to n places is exact enough for |n| <= 15 (its text is then the short decimal itself);
 * beyond, the digits go out as `digits e exponent`, still a JSON number.
 */
export function mysqlFloat32JsonSql(expr: string): string {
  const d = `cast(${expr} as double)`;
  const places = (p: number) => `(${p - 1} - floor(log10(abs(${d}))))`;
  const arms = Array.from({ length: 9 }, (_, i) => {
    const n = places(i + 1);
    const rounded = `round(${d}, ${n})`;
    const text = `(case when abs(${n}) <= 15 then cast(${rounded} as char) else concat(cast(round(${d} * power(10, ${n})) as char), 'e', -${n}) end)`;
    return `when cast(${rounded} as float) = ${expr} then ${text}`;
  });
  return `(case when ${expr} = 0 then '0' ${arms.join(' ')} else cast(${d} as char) end)`;
}
