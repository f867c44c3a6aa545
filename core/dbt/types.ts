/** What `dbt import` answers (CLI.md: {models:[{name,relation,idColumn}]}, plus more). */
export interface DbtImportedModel {
  name: string;
  /** `schema.identifier`, as the model selects from it. */
  relation: string;
  idColumn: string;
  /** Where the id column came from: a dbt `unique` test or primary key, else a guess to check. */
  idColumnFrom: 'unique test' | 'guess';
  description: string | null;
  action: 'added' | 'updated' | 'unchanged';
  /** Why the relation cannot be read yet (not built by dbt yet, no permission…), if so. */
  problem?: string;
}

export interface DbtImport {
  project: string | null;
  models: DbtImportedModel[];
  skipped: { name: string; reason: string }[];
}
