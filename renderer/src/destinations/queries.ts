import type { CallInput } from '../../../core/api/contract';
import { useApiMutation, useCallMutation, useCallQuery } from '../api/callHooks';

export const useDestinations = () => useCallQuery(['destinations'], 'destinations.list', {});

export const useAddDestination = () => useCallMutation('destinations.add', ['destinations']);

export const useTestDestination = () =>
  useApiMutation((call, destination: string) => call('destinations.test', { destination }));

/** Tests an unsaved destination config (the add form's "Test connection"); nothing is stored. */
export const useCheckDestination = () =>
  useApiMutation((call, config: CallInput<'destinations.check'>['config']) =>
    call('destinations.check', { config }),
  );

/** The destination types and their settings: the form is generated from them. */
export const useDestinationTypes = () =>
  useCallQuery(['destination-types'], 'destinations.types', {}, { staleTime: Infinity });

export const useUpdateDestination = () => useCallMutation('destinations.update', ['destinations']);

/** Tests a saved destination with the form's edits applied; nothing is stored. */
export const useCheckDestinationUpdate = () => useCallMutation('destinations.checkUpdate');

/** Makes a file destination's missing folder (the form's "Create folder"), owner-only. */
export const useCreateFolder = () =>
  useApiMutation((call, path: string) => call('destinations.createFolder', { path }));
