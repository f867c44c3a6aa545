/**
 * The incremental diff benches' model (7 columns, ids 1…N) and its mutation: 1% of the rows
 * updated, 0.5% deleted and 0.5% added. Shared by diffBench.ts and diffProfile.ts.
 */
export type DiffSourceKind = 'duckdb' | 'postgres' | 'mysql';

export const DIFF_MODEL_SQL =
  'select id, name, email, qty, price, updated_at, active from bench_src';

/** MariaDB's rows (its SEQUENCE engine stands in for generate_series; ids as the primary key). */
const mariadbRows = (from: number, to: number) =>
  `select seq as id, 'name_' || seq as name, 'user' || seq || '@example.com' as email,
          (seq * 7) % 1000 as qty, cast(round(seq * 1.5, 2) as double) as price,
          timestamp '2024-01-01 00:00:00' + interval seq second as updated_at, seq % 2 = 0 as active
     from seq_${from}_to_${to}`;

/** Creates `bench_src` with ids 1…n (drop it first). */
export function generateDiffSource(kind: DiffSourceKind, n: number): string {
  if (kind === 'mysql') return `create table bench_src (primary key (id)) as ${mariadbRows(1, n)}`;
  return kind === 'duckdb'
    ? `create table bench_src as
         select i as id, 'name_' || i as name, 'user' || i || '@example.com' as email,
                cast((i * 7) % 1000 as integer) as qty, round(i * 1.5, 2) as price,
                timestamp '2024-01-01' + to_seconds(i) as updated_at, i % 2 = 0 as active
           from range(1, ${n + 1}) as r(i)`
    : `create table bench_src as
         select i::bigint as id, 'name_' || i as name, 'user' || i || '@example.com' as email,
                (i * 7) % 1000 as qty, round(i * 1.5, 2)::float8 as price,
                timestamp '2024-01-01' + i * interval '1 second' as updated_at, i % 2 = 0 as active
           from generate_series(1, ${n}) as i`;
}

/** The statements that update 1%, delete 0.5% and add 0.5% of `bench_src`'s n rows. */
export function mutateDiffSource(kind: DiffSourceKind, n: number): string[] {
  const insert =
    kind === 'mysql'
      ? `insert into bench_src ${mariadbRows(n + 1, n + n / 200)}`
      : kind === 'duckdb'
        ? `insert into bench_src
             select i, 'name_' || i, 'user' || i || '@example.com', cast((i * 7) % 1000 as integer),
                    round(i * 1.5, 2), timestamp '2024-01-01' + to_seconds(i), i % 2 = 0
               from range(${n + 1}, ${n + n / 200 + 1}) as r(i)`
        : `insert into bench_src
             select i, 'name_' || i, 'user' || i || '@example.com', (i * 7) % 1000,
                    round(i * 1.5, 2)::float8, timestamp '2024-01-01' + i * interval '1 second', i % 2 = 0
               from generate_series(${n + 1}, ${n + n / 200}) as i`;
  return [
    'update bench_src set qty = qty + 1 where id % 100 = 1',
    'delete from bench_src where id % 200 = 2',
    insert,
  ];
}
