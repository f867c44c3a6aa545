import type { WarehouseSummary } from '../../../core/api/types';
import { namedChoices, SelectField } from '../components/Field';

/** Picks one of the saved warehouses (a model's, the one dbt builds into). */
export function WarehouseField({
  label = 'Warehouse',
  warehouses,
  value,
  onValue,
}: {
  label?: string;
  warehouses: readonly WarehouseSummary[];
  value: string;
  onValue: (warehouseId: string) => void;
}) {
  return (
    <SelectField label={label} value={value} onValue={onValue} choices={namedChoices(warehouses)} />
  );
}
