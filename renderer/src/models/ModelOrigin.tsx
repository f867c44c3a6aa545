import type { ModelSummary } from '../../../core/api/types';
import { useToast } from '../components/Toasts';
import { useModelFileText, useResolveConflict } from './queries';
import { Button } from '../components/Button';

/** Where a model came from: its file (and any conflict with it) or its dbt node. */
export function ModelOrigin({
  model,
  onReload,
}: {
  model: ModelSummary;
  /** The editor shows a stale copy after a conflict is resolved: make a fresh one. */
  onReload: () => void;
}) {
  const origin = model.origin;
  if (!origin) return null;
  if (origin.kind === 'dbt') {
    return (
      <p className="origin-note" aria-label="Model origin">
        <span className="badge accent">dbt</span> Imported from <code>{origin.uniqueId}</code>;
        import the manifest again to update it.
        {model.description && <span className="muted"> {model.description}</span>}
      </p>
    );
  }
  return (
    <>
      <p className="origin-note" aria-label="Model origin">
        <span className="badge accent">file</span> <code>{origin.path}</code> — saving writes this
        file; changes made to it outside Ebb are picked up.
        {model.description && <span className="muted"> {model.description}</span>}
      </p>
      {origin.status === 'conflict' && <Conflict model={model} onReload={onReload} />}
      {(origin.status === 'missing' || origin.status === 'invalid') && (
        <p className="form-error" role="alert">
          {origin.status === 'missing' ? 'The file is missing: ' : 'The file cannot be read: '}
          {origin.message}
        </p>
      )}
    </>
  );
}

function Conflict({ model, onReload }: { model: ModelSummary; onReload: () => void }) {
  const file = useModelFileText(model.id);
  const resolve = useResolveConflict();
  const toast = useToast();
  const keep = (side: 'file' | 'app') =>
    resolve.mutate(
      { model: model.id, keep: side },
      {
        onSuccess: () => {
          toast(
            {
              tone: 'success',
              title:
                side === 'file' ? 'Took the file’s version' : 'Wrote Ebb’s version to the file',
            },
            3000,
          );
          onReload();
        },
      },
    );
  return (
    <div className="confirm warn conflict" role="alert" aria-label="Conflict with the file">
      <span>
        <strong>Conflict.</strong> This model was changed in Ebb and its file was changed outside (a{' '}
        <code>git pull</code>?) since they were last in step. Neither was overwritten: pick the
        version to keep.
      </span>
      <Button disabled={resolve.isPending} onClick={() => keep('file')}>
        Keep the file’s version
      </Button>
      <Button disabled={resolve.isPending} onClick={() => keep('app')}>
        Keep Ebb’s version
      </Button>
      {resolve.error && <p className="form-error">{resolve.error.message}</p>}
      <details className="conflict-file">
        <summary>The file now</summary>
        {file.isPending ? (
          <p className="muted">Reading the file…</p>
        ) : file.isError ? (
          <p className="form-error">{file.error.message}</p>
        ) : (
          <pre className="mono">{file.data.text ?? '(the file is gone)'}</pre>
        )}
      </details>
    </div>
  );
}
