import { DataTable, type Column } from '../components/DataTable';

type RecordError = { id: string | null; reason: string };

const COLUMNS: Column<RecordError>[] = [
  { key: 'id', header: 'Id', type: 'id', value: (e) => e.id },
  { key: 'reason', header: 'Reason', value: (e) => e.reason },
];

/** Records refused or rejected, each with its reason (a run's error log, the preview's rejects). */
export function RecordErrorTable({
  label,
  errors,
  limit,
}: {
  label: string;
  errors: readonly RecordError[];
  limit?: number;
}) {
  return (
    <DataTable
      label={label}
      columns={COLUMNS}
      rows={errors}
      rowKey={(_, i) => String(i)}
      limit={limit}
      empty={{ title: 'No record errors' }}
    />
  );
}
