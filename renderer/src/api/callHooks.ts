import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { CallInput, CallName, CallOutput } from '../../../core/api/contract';
import { useApi } from './ApiContext';
import type { Client } from './client';

/** What a call's query may set besides its key and call: freshness, refetching, a placeholder. */
export type CallQueryOptions<N extends CallName> = Pick<
  UseQueryOptions<CallOutput<N>>,
  'staleTime' | 'refetchOnMount' | 'retry' | 'placeholderData'
>;

/**
 * One API call as a query cached under `queryKey`. An undefined `arg` keeps the query idle (a
 * detail waiting for its selection).
 */
export function useCallQuery<N extends CallName>(
  queryKey: QueryKey,
  name: N,
  arg: CallInput<N> | undefined,
  options?: CallQueryOptions<N>,
) {
  const { call } = useApi();
  return useQuery({
    ...options,
    queryKey,
    queryFn: () => call(name, arg!),
    enabled: arg !== undefined,
  });
}

/**
 * A mutation that sends its argument through `send`; on success the queries under `refreshes`
 * are read again (the promise waits for that).
 */
export function useApiMutation<A, R>(
  send: (call: Client, arg: A) => Promise<R>,
  refreshes?: QueryKey,
) {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: A) => send(call, arg),
    onSuccess: refreshes && (() => queryClient.invalidateQueries({ queryKey: refreshes })),
  });
}

/** One API call as a mutation that takes the call's own input. */
export const useCallMutation = <N extends CallName>(name: N, refreshes?: QueryKey) =>
  useApiMutation((call, arg: CallInput<N>) => call(name, arg), refreshes);

/** What a save form sends: a new item through the add call, an edited one through update. */
export type SaveArg<Add extends CallName, Update extends CallName> =
  { kind: 'add'; input: CallInput<Add> } | { kind: 'update'; input: CallInput<Update> };

/** The add-or-update save of an editor; either refreshes the list under `refreshes`. */
export const useSaveMutation = <Add extends CallName, Update extends CallName>(
  add: Add,
  update: Update,
  refreshes: QueryKey,
) =>
  useApiMutation(
    (call, arg: SaveArg<Add, Update>) =>
      arg.kind === 'add' ? call(add, arg.input) : call(update, arg.input),
    refreshes,
  );
