/**
 * The id column to offer for a query's columns: `id` when there is one, else the `*_id` column
 * named after the first table in FROM (`users` → `user_id`), else the first `*_id` column.
 * Undefined when nothing looks like an id (the analyst chooses).
 */
export function suggestIdColumn(columns: { name: string }[], sql: string): string | undefined {
  const names = columns.map((c) => c.name);
  if (names.includes('id')) return 'id';
  const ids = names.filter((n) => /_id$/i.test(n));
  const table = /\bfrom\s+(?:"?\w+"?\.)?"?(\w+)"?/i.exec(sql)?.[1]?.toLowerCase();
  if (table) {
    const singular = table.replace(/ies$/, 'y').replace(/s$/, '');
    const named = ids.find((n) => [`${singular}_id`, `${table}_id`].includes(n.toLowerCase()));
    if (named) return named;
  }
  return ids[0];
}
