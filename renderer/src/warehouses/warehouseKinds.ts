import type { WarehouseSummary } from '../../../core/api/types';

export type WarehouseKind = WarehouseSummary['kind'];

/** How the form asks for each kind of warehouse: one location field, checked before sending. */
export interface WarehouseKindForm {
  kind: WarehouseKind;
  label: string;
  /** The short name on a warehouse's badge. */
  badge: string;
  field: string;
  placeholder: string;
  /** The location holds a password: typed into a password field, masked once saved. */
  secret: boolean;
  required: string;
  pattern?: { test: RegExp; message: string };
  hint?: string;
}

export const WAREHOUSE_KINDS: readonly WarehouseKindForm[] = [
  {
    kind: 'duckdb',
    badge: 'DuckDB',
    label: 'DuckDB file',
    field: 'File path',
    placeholder: '/path/to/warehouse.duckdb',
    secret: false,
    required: 'A DuckDB file path is required.',
  },
  {
    kind: 'postgres',
    badge: 'PostgreSQL',
    label: 'PostgreSQL',
    field: 'Connection URL',
    placeholder: 'postgres://user:password@host:5432/db',
    secret: true,
    required: 'A connection URL is required.',
    pattern: { test: /^postgres(ql)?:\/\//, message: 'A PostgreSQL URL starts with postgres://' },
  },
  {
    kind: 'mysql',
    badge: 'MySQL',
    label: 'MySQL / MariaDB',
    field: 'Connection URL',
    placeholder: 'mysql://user:password@host:3306/db',
    secret: true,
    required: 'A connection URL is required.',
    pattern: { test: /^mysql:\/\//, message: 'A MySQL URL starts with mysql://' },
    hint: 'Models are read with ANSI_QUOTES: strings in single quotes, names in double quotes or backticks.',
  },
  {
    kind: 'files',
    badge: 'Files',
    label: 'Parquet/CSV folder',
    field: 'Folder',
    placeholder: '/path/to/exports',
    secret: false,
    required: 'A folder of Parquet or CSV files is required.',
    hint: "Models query the files by name: select * from 'orders.parquet'. Ebb keeps its state in its own home, never in the folder.",
  },
];

export const warehouseKindForm = (kind: WarehouseKind): WarehouseKindForm =>
  WAREHOUSE_KINDS.find((k) => k.kind === kind) ?? (WAREHOUSE_KINDS[0] as WarehouseKindForm);

/** The problem with a location as typed, or null. */
export function locationProblem(kind: WarehouseKind, location: string): string | null {
  const form = warehouseKindForm(kind);
  if (!location.trim()) return form.required;
  if (form.pattern && !form.pattern.test.test(location)) return form.pattern.message;
  return null;
}

/** The API's location argument for a kind (what warehouses.add and warehouses.check take). */
export function locationArg(kind: WarehouseKind, location: string) {
  switch (kind) {
    case 'duckdb':
      return { kind, path: location } as const;
    case 'files':
      return { kind, dir: location } as const;
    case 'postgres':
    case 'mysql':
      return { kind, url: location } as const;
  }
}
