import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApi } from '../api/ApiContext';

export function useWarehouses() {
  const { call } = useApi();
  return useQuery({ queryKey: ['warehouses'], queryFn: () => call('warehouses.list', {}) });
}

export function useWarehouseTables(warehouseId: string | undefined) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['warehouses', warehouseId, 'tables'],
    queryFn: () => call('warehouses.tables', { warehouse: warehouseId! }),
    enabled: !!warehouseId,
  });
}

export function useAddWarehouse() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: CallInput<'warehouses.add'>) => call('warehouses.add', arg),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['warehouses'] }),
  });
}

export function useTestWarehouse() {
  const { call } = useApi();
  return useMutation({ mutationFn: (warehouse: string) => call('warehouses.test', { warehouse }) });
}

/** Tests an unsaved connection (the add form's "Test connection"); nothing is stored. */
export function useCheckWarehouse() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (arg: CallInput<'warehouses.check'>) => call('warehouses.check', arg),
  });
}

/** Every warehouse kind and its settings: the form is generated from them. */
export function useWarehouseKinds() {
  const { call } = useApi();
  return useQuery({
    queryKey: ['warehouse-kinds'],
    queryFn: () => call('warehouses.kinds', {}),
    staleTime: Infinity,
  });
}

/** A saved warehouse's settings for its edit form (secrets masked). */
export function useWarehouseSettings(warehouseId: string | undefined) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['warehouses', warehouseId, 'settings'],
    queryFn: () => call('warehouses.settings', { warehouse: warehouseId! }),
    enabled: !!warehouseId,
  });
}

export function useUpdateWarehouse() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: CallInput<'warehouses.update'>) => call('warehouses.update', arg),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['warehouses'] }),
  });
}

/** Tests a saved warehouse with the form's edits applied; nothing is stored. */
export function useCheckWarehouseUpdate() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (arg: CallInput<'warehouses.checkUpdate'>) => call('warehouses.checkUpdate', arg),
  });
}

/** Whether an edit would move state (syncs start fresh); asked before saving. */
export function useWarehouseUpdateImpact() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (arg: CallInput<'warehouses.updateImpact'>) => call('warehouses.updateImpact', arg),
  });
}
