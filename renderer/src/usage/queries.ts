import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApi } from '../api/ApiContext';
import { useCallQuery } from '../api/callHooks';

/*
 * Every key starts with 'usage': ApiContext invalidates them all on `store.changed` {domain:'usage'}
 * (a plan change, a metered batch) and when a run finishes.
 */

/** The current cycle's report, or a past cycle's by its start. */
export const useUsageReport = (cycleStart: string | null) =>
  useCallQuery(
    ['usage', 'report', cycleStart ?? 'current'],
    'usage.get',
    cycleStart ? { cycleStart } : {},
    {
      // Switching cycles keeps the last report on screen instead of flashing the loading state.
      placeholderData: keepPreviousData,
    },
  );

export const useUsageCycles = () => useCallQuery(['usage', 'cycles'], 'usage.cycles', {});

export const usePlan = () => useCallQuery(['usage', 'plan'], 'plan.get', {});

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
