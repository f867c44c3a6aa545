import { describe } from 'vitest';
import { cloudTestAccount } from './cloudTestAccounts.js';
import { registerConformanceTests } from './conformance.js';
import { openWarehouse } from './openWarehouse.js';

// Never run in CI: BigQuery cannot be reached from there (README, "Snowflake and BigQuery").
// The engine's BigQuery SQL is pinned by core/diff/cloudDialectPlan.test.ts and
// core/values/cloudDialects.test.ts instead.
const account = cloudTestAccount('bigquery');

/** Test tables live in a dataset of their own, the warehouse's default dataset. */
const TEST_DATASET = 'ebb_conformance';

describe.skipIf(!account)('BigQuery (live project from EBB_TEST_BIGQUERY)', () => {
  registerConformanceTests('BigQuery', () => ({
    async open() {
      const config =
        account?.kind === 'bigquery' ? { ...account, dataset: TEST_DATASET } : account!;
      const adapter = openWarehouse(config);
      await adapter.ensureWritableSchema(TEST_DATASET);
      return adapter;
    },
    blobFromBase64: (base64) => `from_base64('${base64}')`,
    maxIdentifierLength: 300,
    series: (n) => `unnest(generate_array(1, ${n})) as g`,
    hoursAfter2024: (g) => `datetime_add(datetime '2024-01-01 00:00:00', interval ${g} hour)`,
    longText: 'string',
    async valuesQuery() {
      return `select 1 as id, 42 as i, 9007199254740991 as big_safe, 9007199254740993 as big,
        -9007199254740993 as neg_big, 1.5 as f, numeric '12.50' as d,
        'héllo "q"\\n\\\\' as s, date '2024-02-03' as dt, datetime '2024-01-02 03:04:05.678' as ts,
        datetime '2024-01-02 03:04:05.123456' as ts_us, datetime '2024-01-02 03:04:05' as ts_whole,
        timestamp '2024-01-02 05:04:05+02' as tstz, true as b, cast(null as string) as n,
        time '12:34:56' as t, '123e4567-e89b-12d3-a456-426614174000' as u,
        from_base64('qgD/') as bin, json '{"a": [1, 2, {"b": null}]}' as j, [1, 2, 3] as l`;
    },
    omitValues: ['l'],
  }));
});
