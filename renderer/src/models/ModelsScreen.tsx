import { useRef, useState } from 'react';
import { ListPane } from '../components/ListPane';
import { useWithoutDeleted } from '../components/undoableDelete';
import { EmptyState, queryState } from '../components/States';
import { useUnsavedGuard } from '../shell/unsavedChanges';
import { useWarehouses } from '../warehouses/queries';
import { ImportPanel } from './ImportPanel';
import { ModelEditor } from './ModelEditor';
import { useModels } from './queries';
import { Button } from '../components/Button';

/** `key` names the editor instance: a save keeps it (and its results); a click makes a new one. */
type Selection =
  | { kind: 'model'; id: string; key: string }
  | { kind: 'new'; visual: boolean; key: string }
  | { kind: 'import'; key: string }
  | null;

export function ModelsScreen() {
  const models = useModels();
  const warehouses = useWarehouses();
  const [selection, setSelection] = useState<Selection>(null);
  const guard = useUnsavedGuard();
  /** Opens another editor, after asking about unsaved edits in this one. */
  const open = (next: Selection) => {
    const go = () => setSelection(next);
    if (guard.confirmLeave(go)) go();
  };
  const keys = useRef(0);
  const nextKey = () => `editor-${++keys.current}`;

  const list = useWithoutDeleted(models.data ?? []);
  const current =
    selection?.kind === 'model'
      ? list.find((m) => m.id === selection.id)
      : selection === null
        ? list[0]
        : undefined;
  const creating = selection?.kind === 'new';

  return (
    <div className="screen split">
      <ListPane
        title="Models"
        actions={
          <div className="button-row">
            <Button onClick={() => open({ kind: 'new', visual: false, key: nextKey() })}>
              + SQL
            </Button>
            <Button onClick={() => open({ kind: 'new', visual: true, key: nextKey() })}>
              + Visual
            </Button>
            <Button onClick={() => setSelection({ kind: 'import', key: nextKey() })}>
              Import…
            </Button>
          </div>
        }
        state={queryState(models, warehouses)}
        empty={{
          title: 'No models yet',
          body: 'A model is a SQL query over a warehouse with a unique id column. Write one in SQL or build it visually.',
        }}
        items={list.map((model) => ({
          key: model.id,
          title: model.name,
          subtitle: [
            <>
              <span className="badge">{model.warehouse}</span>
              <span className="mono truncate">id: {model.idColumn}</span>
              {model.origin && (
                <span
                  className={
                    model.origin.kind === 'file' && model.origin.status !== 'synced'
                      ? 'badge warn'
                      : 'badge'
                  }
                  title={model.origin.kind === 'file' ? model.origin.path : model.origin.uniqueId}
                >
                  {model.origin.kind === 'file' && model.origin.status !== 'synced'
                    ? model.origin.status
                    : model.origin.kind}
                </span>
              )}
              {model.problems && model.problems.length > 0 && (
                <span
                  className="badge error"
                  title={model.problems.map((p) => `${p.code}: ${p.message}`).join('\n')}
                >
                  has problems
                </span>
              )}
            </>,
          ],
        }))}
        selectedKey={creating ? undefined : current?.id}
        onSelect={(id) => open({ kind: 'model', id, key: nextKey() })}
      />
      <section className="pane detail-pane" aria-label="Model details">
        {!models.isSuccess || !warehouses.isSuccess ? null : warehouses.data.length === 0 ? (
          <EmptyState title="No warehouse">
            Add a warehouse first, then model its tables.
          </EmptyState>
        ) : selection?.kind === 'import' ? (
          <ImportPanel warehouses={warehouses.data} />
        ) : creating || current ? (
          <ModelEditor
            key={selection?.key ?? current!.id}
            model={creating ? undefined : current}
            startVisual={selection?.kind === 'new' && selection.visual}
            warehouses={warehouses.data}
            onSaved={(id) => setSelection({ kind: 'model', id, key: selection?.key ?? nextKey() })}
            onDeleted={() => setSelection(null)}
            onReload={(id) => setSelection({ kind: 'model', id, key: nextKey() })}
          />
        ) : (
          <EmptyState
            title="Nothing selected"
            action={
              <Button
                tone="primary"
                onClick={() => setSelection({ kind: 'new', visual: false, key: nextKey() })}
              >
                Write a model
              </Button>
            }
          >
            Write a SQL model or build one visually from a table.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
