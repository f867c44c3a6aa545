import pg from 'pg';

/**
 * Runs `statements` in order on a connection of its own to `url`, then closes it; answers the
 * rows of the last one.
 */
export async function pgQuery<Row = Record<string, unknown>>(
  url: string,
  ...statements: string[]
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let rows: Row[] = [];
    for (const statement of statements) rows = (await client.query(statement)).rows as Row[];
    return rows;
  } finally {
    await client.end();
  }
}
