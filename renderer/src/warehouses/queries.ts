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
