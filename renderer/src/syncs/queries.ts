import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FieldMapping } from '../../../core/api/types';
import { useApi } from '../api/ApiContext';
import { useApiMutation, useCallQuery, useSaveMutation } from '../api/callHooks';

export const useSyncs = () => useCallQuery(['syncs'], 'syncs.list', {});

export const useSaveSync = () => useSaveMutation('syncs.add', 'syncs.update', ['syncs']);

/**
 * The diff preview; nothing is sent. Computed again when the sync is opened, after a run or any
 * change to syncs (their invalidation covers this key), and on request; never on a timer.
 */
export const usePreview = (syncId: string, limit = 50) =>
  useCallQuery(
    ['syncs', syncId, 'preview', limit],
    'syncs.preview',
    { sync: syncId, limit },
    { staleTime: Infinity, refetchOnMount: 'always' },
  );

/**
 * One record exactly as the destination would receive it; nothing is sent. Asked again when the
 * panel opens and after any change to syncs (their invalidation covers this key). `mapping`: an
 * unsaved one to show instead of the sync's.
 */
export const useTestRecord = (syncId: string, mapping?: FieldMapping | null) =>
  useCallQuery(
    ['syncs', syncId, 'testRecord', mapping === undefined ? 'saved' : mapping],
    'syncs.testRecord',
    mapping === undefined ? { sync: syncId } : { sync: syncId, mapping },
    { staleTime: Infinity, refetchOnMount: 'always' },
  );

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

export const useCancelSync = () =>
  useApiMutation((call, sync: string) => call('syncs.cancel', { sync }));

export const useResetSync = () =>
  useApiMutation((call, sync: string) => call('syncs.reset', { sync }), ['syncs']);

/** Pauses or resumes the sync's schedule (a manual run works either way). */
export const usePauseSync = () =>
  useApiMutation(
    (call, { sync, paused }: { sync: string; paused: boolean }) =>
      call(paused ? 'syncs.pause' : 'syncs.resume', { sync }),
    ['syncs'],
  );

/** The records the retry policy parked, with the policy (under 'syncs': a run refreshes it). */
export const useQuarantine = (syncId: string) =>
  useCallQuery(['syncs', 'quarantine', syncId], 'syncs.quarantine', { sync: syncId });

export const useRuns = (syncId: string) =>
  useCallQuery(['runs', syncId], 'runs.list', { sync: syncId, limit: 50 });

export const useRunErrors = (runId: string | undefined) =>
  useCallQuery(['runErrors', runId], 'runs.errors', runId ? { runId } : undefined);

/** A sample of the records a run delivered (its "records sent"). */
export const useRunSent = (runId: string | undefined) =>
  useCallQuery(['runSent', runId], 'runs.sent', runId ? { runId } : undefined);

/**
 * The destination's own fields for the mapping's target side (null: it cannot list them, so the
 * target stays free text). Asked once per destination per form; an error leaves free text too.
 */
export const useDestinationFields = (destinationId: string) =>
  useCallQuery(
    ['destinations', destinationId, 'fields'],
    'destinations.fields',
    destinationId ? { destination: destinationId } : undefined,
    { staleTime: 60_000, retry: false },
  );
