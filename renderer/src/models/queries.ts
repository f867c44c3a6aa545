import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import type { CallInput } from '../../../core/api/contract';
import { useApi } from '../api/ApiContext';

export function useModels() {
  const { call } = useApi();
  return useQuery({ queryKey: ['models'], queryFn: () => call('models.list', {}) });
}

export type ModelDraft = CallInput<'models.check'>;

/** The draft's problems and columns; the caller debounces the draft. */
export function useModelCheck(draft: ModelDraft | undefined) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['check', draft],
    queryFn: () => call('models.check', draft!),
    enabled: !!draft && !!draft.warehouse,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useRunModel() {
  const { call } = useApi();
  return useMutation({ mutationFn: (arg: CallInput<'models.run'>) => call('models.run', arg) });
}

export function useSaveModel() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      arg:
        | { kind: 'add'; input: CallInput<'models.add'> }
        | { kind: 'update'; input: CallInput<'models.update'> },
    ) => (arg.kind === 'add' ? call('models.add', arg.input) : call('models.update', arg.input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['models'] }),
  });
}

export function useRemoveModel() {
  const { call } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (model: string) => call('models.remove', { model }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['models'] }),
  });
}

function useModelsMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['models'] }),
  });
}

export function useImportDbt() {
  const { call } = useApi();
  return useModelsMutation((arg: CallInput<'dbt.import'>) => call('dbt.import', arg));
}

export function useProjectFolder() {
  const { call } = useApi();
  return useModelsMutation((arg: { action: 'import' | 'export'; dir: string }) =>
    arg.action === 'import'
      ? call('project.import', { dir: arg.dir })
      : call('project.export', { dir: arg.dir }),
  );
}

export function useProjectDir() {
  const { call } = useApi();
  return useQuery({ queryKey: ['models', 'project'], queryFn: () => call('project.get', {}) });
}

/** The model's file as it is on disk (the conflict view). */
export function useModelFileText(model: string | undefined) {
  const { call } = useApi();
  return useQuery({
    queryKey: ['models', 'file', model],
    queryFn: () => call('models.fileText', { model: model! }),
    enabled: !!model,
  });
}

export function useResolveConflict() {
  const { call } = useApi();
  return useModelsMutation((arg: CallInput<'models.resolveConflict'>) =>
    call('models.resolveConflict', arg),
  );
}

/** Rows, distinct values and nulls of a candidate id column, asked on request. */
export function useIdUniqueness() {
  const { call } = useApi();
  return useMutation({
    mutationFn: (arg: CallInput<'models.uniqueness'>) => call('models.uniqueness', arg),
  });
}
