import type { CallInput } from '../../../core/api/contract';
import { useApiMutation, useCallMutation, useCallQuery } from '../api/callHooks';

export const useWarehouses = () => useCallQuery(['warehouses'], 'warehouses.list', {});

/** A part of a saved warehouse (its tables, its settings), idle until one is chosen. */
const useWarehousePart = <N extends 'warehouses.tables' | 'warehouses.settings'>(
  name: N,
  warehouseId: string | undefined,
) =>
  useCallQuery(
    ['warehouses', warehouseId, name.slice('warehouses.'.length)],
    name,
    warehouseId ? ({ warehouse: warehouseId } as CallInput<N>) : undefined,
  );

export const useWarehouseTables = (warehouseId: string | undefined) =>
  useWarehousePart('warehouses.tables', warehouseId);

export const useAddWarehouse = () => useCallMutation('warehouses.add', ['warehouses']);

export const useTestWarehouse = () =>
  useApiMutation((call, warehouse: string) => call('warehouses.test', { warehouse }));

/** Tests an unsaved connection (the add form's "Test connection"); nothing is stored. */
export const useCheckWarehouse = () => useCallMutation('warehouses.check');

/** Every warehouse kind and its settings: the form is generated from them. */
export const useWarehouseKinds = () =>
  useCallQuery(['warehouse-kinds'], 'warehouses.kinds', {}, { staleTime: Infinity });

/** A saved warehouse's settings for its edit form (secrets masked). */
export const useWarehouseSettings = (warehouseId: string | undefined) =>
  useWarehousePart('warehouses.settings', warehouseId);

export const useUpdateWarehouse = () => useCallMutation('warehouses.update', ['warehouses']);

/** Tests a saved warehouse with the form's edits applied; nothing is stored. */
export const useCheckWarehouseUpdate = () => useCallMutation('warehouses.checkUpdate');

/** Whether an edit would move state (syncs start fresh); asked before saving. */
export const useWarehouseUpdateImpact = () => useCallMutation('warehouses.updateImpact');
