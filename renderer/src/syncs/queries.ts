import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import type { FieldMapping } from '../../../core/api/types';
import { useApi } from '../api/ApiContext';

export function useSyncs() {
  const { call } = useApi();
  return useQuery({ queryKey: ['syncs'], queryFn: () => call('syncs.list', {}) });
}

export function useSaveSync() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      arg:
        | { kind: 'add'; input: CallInput<'syncs.add'> }
        | { kind: 'update'; input: CallInput<'syncs.update'> },
    ) => (arg.kind === 'add' ? call('syncs.add', arg.input) : call('syncs.update', arg.input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['syncs'] }),
  });
}

export function useRemoveSync() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sync: string) => call('syncs.remove', { sync }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['syncs'] }),
  });
}

/**
 * The diff preview; nothing is sent. Computed again when the sync is opened, after a run or any
 * change to syncs (their invalidation covers this key), and on request; never on a timer.
 */
export function usePreview(syncId: string, limit = 50) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['syncs', syncId, 'preview', limit],
    queryFn: () => call('syncs.preview', { sync: syncId, limit }),
    staleTime: Infinity,
    refetchOnMount: 'always',
  });
}

/**
 * One record exactly as the destination would receive it; nothing is sent. Asked again when the
 * panel opens and after any change to syncs (their invalidation covers this key). `mapping`: an
 * unsaved one to show instead of the sync's.
 */
export function useTestRecord(syncId: string, mapping?: FieldMapping | null) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['syncs', syncId, 'testRecord', mapping === undefined ? 'saved' : mapping],
    queryFn: () =>
      call(
        'syncs.testRecord',
        mapping === undefined ? { sync: syncId } : { sync: syncId, mapping },
      ),
    staleTime: Infinity,
    refetchOnMount: 'always',
  });
}

export function useRunSync() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sync: string) => call('syncs.run', { sync }),
    onSettled: (_data, _error, sync) => {
      void queryClient.invalidateQueries({ queryKey: ['syncs'] });
      void queryClient.invalidateQueries({ queryKey: ['runs', sync] });
    },
  });
}

export function useCancelSync() {
  const { call } = useApi();
  return useMutation({ mutationFn: (sync: string) => call('syncs.cancel', { sync }) });
}

export function useResetSync() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sync: string) => call('syncs.reset', { sync }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['syncs'] }),
  });
}

/** Pauses or resumes the sync's schedule (a manual run works either way). */
export function usePauseSync() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sync, paused }: { sync: string; paused: boolean }) =>
      call(paused ? 'syncs.pause' : 'syncs.resume', { sync }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['syncs'] }),
  });
}

export function useRuns(syncId: string) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['runs', syncId],
    queryFn: () => call('runs.list', { sync: syncId, limit: 50 }),
  });
}

export function useRunErrors(runId: string | undefined) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['runErrors', runId],
    queryFn: () => call('runs.errors', { runId: runId! }),
    enabled: !!runId,
  });
}

/** A sample of the records a run delivered (its "records sent"). */
export function useRunSent(runId: string | undefined) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['runSent', runId],
    queryFn: () => call('runs.sent', { runId: runId! }),
    enabled: !!runId,
  });
}

/**
 * The destination's own fields for the mapping's target side (null: it cannot list them, so the
 * target stays free text). Asked once per destination per form; an error leaves free text too.
 */
export function useDestinationFields(destinationId: string) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['destinations', destinationId, 'fields'],
    queryFn: () => call('destinations.fields', { destination: destinationId }),
    enabled: !!destinationId,
    staleTime: 60_000,
    retry: false,
  });
}
