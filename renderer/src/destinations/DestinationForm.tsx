import type { DestinationSummary } from '../../../core/api/types';
import type { DestinationTypeInfo } from '../../../core/destinations/definition';
import { ApiError } from '../api/client';
import { ConnectionForm } from '../components/ConnectionForm';
import { useConnectionDraft } from '../components/useConnectionDraft';
import {
  useAddDestination,
  useCheckDestination,
  useCheckDestinationUpdate,
  useCreateFolder,
  useUpdateDestination,
} from './queries';
import { Button } from '../components/Button';

interface Props {
  types: DestinationTypeInfo[];
  /** Editing a saved destination: its type is fixed and its secrets stay unless re-entered. */
  existing?: DestinationSummary;
  onDone: (destination: DestinationSummary) => void;
  onCancel: () => void;
}

/** The add and edit form of every destination type: the shared form over the type's settings. */
export function DestinationForm({ types, existing, onDone, onCancel }: Props) {
  const add = useAddDestination();
  const update = useUpdateDestination();
  const check = useCheckDestination();
  const checkUpdate = useCheckDestinationUpdate();
  const tester = existing ? checkUpdate : check;
  const save = existing ? update : add;
  const createFolder = useCreateFolder();
  const kinds = types.map((t) => ({ ...t, id: t.type }));
  const form = useConnectionDraft(
    kinds,
    existing && { kind: existing.type, name: existing.name, settings: existing.settings },
    () => {
      // A test result describes the values it tested: editing them clears it.
      tester.reset();
      createFolder.reset();
    },
  );
  const folderMissing = tester.error instanceof ApiError && tester.error.code === 'FOLDER_MISSING';

  const onSave = () => {
    if (existing) {
      update.mutate(
        { destination: existing.id, name: form.renamed(), settings: form.changes() },
        { onSuccess: onDone },
      );
    } else {
      add.mutate(
        { name: form.name.trim(), config: { ...form.settings(), type: form.kind } },
        { onSuccess: onDone },
      );
    }
  };

  /** Tests the values in the form (the name is not needed); nothing is stored. */
  const onTest = () => {
    if (existing) checkUpdate.mutate({ destination: existing.id, settings: form.changes() });
    else check.mutate({ ...form.settings(), type: form.kind });
  };

  return (
    <ConnectionForm
      form={form}
      kinds={kinds}
      noun="destination"
      savedName={existing?.name}
      namePlaceholder="e.g. CRM export"
      tester={tester}
      checkFix={
        folderMissing && (
          <Button
            small
            disabled={createFolder.isPending}
            onClick={() => createFolder.mutate(form.draft.values.path ?? '', { onSuccess: onTest })}
          >
            {createFolder.isPending ? 'Creating…' : 'Create folder'}
          </Button>
        )
      }
      notes={
        createFolder.error && (
          <p className="form-error" role="alert">
            {createFolder.error.message}
          </p>
        )
      }
      failedTestQuestion={
        folderMissing
          ? 'The folder does not exist yet. Save anyway? The first run creates it, readable by you only.'
          : undefined
      }
      saving={save.isPending}
      saveError={save.error}
      addLabel="Save destination"
      onSave={onSave}
      onTest={onTest}
      onCancel={onCancel}
    />
  );
}
