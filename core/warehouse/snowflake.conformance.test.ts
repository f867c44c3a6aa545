import { describe } from 'vitest';
import { cloudTestAccount } from './cloudTestAccounts.js';
import { registerConformanceTests } from './conformance.js';
import { openWarehouse } from './openWarehouse.js';

// Never run in CI: Snowflake cannot be reached from there (README, "Snowflake and BigQuery").
// The engine's Snowflake SQL is pinned by core/diff/cloudDialectPlan.test.ts and
// core/values/cloudDialects.test.ts instead.
const account = cloudTestAccount('snowflake');

/** Test tables live in a schema of their own, made the session's current one. */
const TEST_SCHEMA = 'EBB_CONFORMANCE';

describe.skipIf(!account)('Snowflake (live account from EBB_TEST_SNOWFLAKE)', () => {
  registerConformanceTests('Snowflake', () => ({
    async open() {
      const adapter = openWarehouse(account!);
      await adapter.execute(`create schema if not exists ${TEST_SCHEMA}`);
      await adapter.execute(`use schema ${TEST_SCHEMA}`);
      return adapter;
    },
    blobFromBase64: (base64) => `base64_decode_binary('${base64}')`,
    maxIdentifierLength: 255,
    series: (n) =>
      `(select row_number() over (order by seq4()) as g from table(generator(rowcount => ${n}))) as s`,
    hoursAfter2024: (g) => `dateadd(hour, ${g}, '2024-01-01 00:00:00'::timestamp_ntz)`,
    longText: 'varchar',
    omitValues: ['l'],
    async valuesQuery() {
      return `select 1::integer as "id", 42::integer as "i", 9007199254740991::bigint as "big_safe",
        9007199254740993::bigint as "big", -9007199254740993::bigint as "neg_big", 1.5::float as "f",
        12.50::number(10, 2) as "d", 'héllo "q"' || char(10) || '\\\\' as "s",
        '2024-02-03'::date as "dt", '2024-01-02 03:04:05.678'::timestamp_ntz as "ts",
        '2024-01-02 03:04:05.123456'::timestamp_ntz as "ts_us",
        '2024-01-02 03:04:05'::timestamp_ntz as "ts_whole",
        '2024-01-02 05:04:05 +02:00'::timestamp_tz as "tstz", true as "b", null::varchar as "n",
        '12:34:56'::time as "t", '123e4567-e89b-12d3-a456-426614174000' as "u",
        base64_decode_binary('qgD/') as "bin", parse_json('{"a": [1, 2, {"b": null}]}') as "j"`;
    },
  }));
});
