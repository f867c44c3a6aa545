import { useMutation, useQuery } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApi } from '../api/ApiContext';

// Every key starts with 'alerts': `store.changed` {domain:'alerts'} refreshes them all.

export function useAlertRules(syncId: string) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['alerts', 'rules', syncId],
    queryFn: () => call('alerts.rules', { sync: syncId }),
  });
}

export function useAlertHistory(syncId: string) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['alerts', 'history', syncId],
    queryFn: () => call('alerts.history', { sync: syncId, limit: 100 }),
  });
}

export function useAddAlertRule() {
  const { call } = useApi();
  return useMutation({ mutationFn: (arg: CallInput<'alerts.add'>) => call('alerts.add', arg) });
}

export function useRemoveAlertRule() {
  const { call } = useApi();
  return useMutation({ mutationFn: (rule: string) => call('alerts.remove', { rule }) });
}

export function useTestAlertRule() {
  const { call } = useApi();
  return useMutation({ mutationFn: (rule: string) => call('alerts.test', { rule }) });
}
