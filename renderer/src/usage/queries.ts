import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApi } from '../api/ApiContext';

/*
 * Every key starts with 'usage': ApiContext invalidates them all on `store.changed` {domain:'usage'}
 * (a plan change, a metered batch) and when a run finishes.
 */

/** The current cycle's report, or a past cycle's by its start. */
export function useUsageReport(cycleStart: string | null) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['usage', 'report', cycleStart ?? 'current'],
    queryFn: () => call('usage.get', cycleStart ? { cycleStart } : {}),
    // Switching cycles keeps the last report on screen instead of flashing the loading state.
    placeholderData: keepPreviousData,
  });
}

export function useUsageCycles() {
  const { call } = useApi();
  return useQuery({ queryKey: ['usage', 'cycles'], queryFn: () => call('usage.cycles', {}) });
}

export function usePlan() {
  const { call } = useApi();
  return useQuery({ queryKey: ['usage', 'plan'], queryFn: () => call('plan.get', {}) });
}

export function useSetPlan() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: CallInput<'plan.set'>) => call('plan.set', arg),
    onSuccess: (plan) => {
      queryClient.setQueryData(['usage', 'plan'], plan);
      void queryClient.invalidateQueries({ queryKey: ['usage'] });
    },
  });
}
