import { keepPreviousData } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApiMutation, useCallMutation, useCallQuery, useSaveMutation } from '../api/callHooks';

export const useModels = () => useCallQuery(['models'], 'models.list', {});

export type ModelDraft = CallInput<'models.check'>;

/** The draft's problems and columns; the caller debounces the draft. */
export const useModelCheck = (draft: ModelDraft | undefined) =>
  useCallQuery(['check', draft], 'models.check', draft?.warehouse ? draft : undefined, {
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const useRunModel = () => useCallMutation('models.run');

export const useSaveModel = () => useSaveMutation('models.add', 'models.update', ['models']);

export const useImportDbt = () => useCallMutation('dbt.import', ['models']);

export const useProjectFolder = () =>
  useApiMutation(
    (call, arg: { action: 'import' | 'export'; dir: string }) =>
      arg.action === 'import'
        ? call('project.import', { dir: arg.dir })
        : call('project.export', { dir: arg.dir }),
    ['models'],
  );

export const useProjectDir = () => useCallQuery(['models', 'project'], 'project.get', {});

/** The model's file as it is on disk (the conflict view). */
export const useModelFileText = (model: string | undefined) =>
  useCallQuery(['models', 'file', model], 'models.fileText', model ? { model } : undefined);

export const useResolveConflict = () => useCallMutation('models.resolveConflict', ['models']);

/** Rows, distinct values and nulls of a candidate id column, asked on request. */
export const useIdUniqueness = () => useCallMutation('models.uniqueness');
