import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApi } from '../api/ApiContext';

export function useDestinations() {
  const { call } = useApi();
  return useQuery({ queryKey: ['destinations'], queryFn: () => call('destinations.list', {}) });
}

export function useAddDestination() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: CallInput<'destinations.add'>) => call('destinations.add', arg),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['destinations'] }),
  });
}

export function useRemoveDestination() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (destination: string) => call('destinations.remove', { destination }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['destinations'] }),
  });
}

export function useTestDestination() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (destination: string) => call('destinations.test', { destination }),
  });
}

/** Tests an unsaved destination config (the add form's "Test connection"); nothing is stored. */
export function useCheckDestination() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (config: CallInput<'destinations.check'>['config']) =>
      call('destinations.check', { config }),
  });
}

/** The destination types and their settings: the form is generated from them. */
export function useDestinationTypes() {
  const { call } = useApi();
  return useQuery({
    queryKey: ['destination-types'],
    queryFn: () => call('destinations.types', {}),
    staleTime: Infinity,
  });
}

export function useUpdateDestination() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arg: CallInput<'destinations.update'>) => call('destinations.update', arg),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['destinations'] }),
  });
}

/** Tests a saved destination with the form's edits applied; nothing is stored. */
export function useCheckDestinationUpdate() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (arg: CallInput<'destinations.checkUpdate'>) =>
      call('destinations.checkUpdate', arg),
  });
}

/** Makes a file destination's missing folder (the form's "Create folder"), owner-only. */
export function useCreateFolder() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (path: string) => call('destinations.createFolder', { path }),
  });
}
