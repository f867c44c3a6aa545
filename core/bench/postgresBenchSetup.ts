import pg from 'pg';

/** Runs `work` on a fresh connection to `url`, closed afterwards (the PostgreSQL benches). */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL benches' model (7 columns) and the columns of the floor's COPY target. */
export const PG_MODEL_SQL = 'select id, name, email, qty, price, updated_at, active from bench_src';
export const PG_MODEL_COLUMNS = `id bigint, name text, email text, qty integer, price float8,
  updated_at timestamp, active boolean`;

/** Creates `bench_src` with `rows` rows in the database at `url`, analysed. */
export async function createPgBenchSource(url: string, rows: number): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`create table bench_src as
      select i::bigint as id, 'name_' || i as name, 'user' || i || '@example.com' as email,
             (i * 7) % 1000 as qty, round(i * 1.5, 2)::float8 as price,
             timestamp '2024-01-01' + i * interval '1 second' as updated_at, i % 2 = 0 as active
        from generate_series(1, ${rows}) as i`);
    await client.query('vacuum analyze bench_src');
  });
}
