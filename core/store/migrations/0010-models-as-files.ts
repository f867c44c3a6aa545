/**
 * Where a model came from and what it was last in step with (issue 14):
 *
 * - `description`: shown in the app, written to the model's file, taken from dbt;
 * - `origin`: null (made in the app), 'file' (a project folder's models/*.sql) or 'dbt' (a node of
 *   a dbt manifest); `origin_ref` is the file's absolute path or the dbt node's unique_id;
 * - `file_hash` / `synced_hash`: the file's content and the model's fields as hashed when the two
 *   were last equal, so a change on either side (a `git pull`, an edit in the app) is told apart
 *   from a change on both (a conflict, shown and never overwritten).
 */
export const sql = /* sql */ `
alter table models add column description text;
alter table models add column origin text;
alter table models add column origin_ref text;
alter table models add column file_hash text;
alter table models add column synced_hash text;
`;
