import { useEffect, useMemo, useState } from 'react';
import type { ModelSummary, WarehouseSummary } from '../../../core/api/types';
import { ResultGrid } from '../components/ResultGrid';
import { EmptyState, ErrorState, LoadingState, QueryView } from '../components/States';
import { useToast } from '../components/Toasts';
import { useWithoutDeleted } from '../components/undoableDelete';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { useApi } from '../api/ApiContext';
import { SqlEditor } from '../editor/SqlEditor';
import { shortcutLabel, useShortcut } from '../shell/shortcuts';
import { useUnsavedChanges } from '../shell/unsavedChanges';
import { useSyncs } from '../syncs/queries';
import { useDebounced } from '../shell/useDebounced';
import { useWarehouseTables } from '../warehouses/queries';
import { buildSql, emptyBuilder, type BuilderState } from './buildSql';
import { useBuilderSession } from './builderSession';
import { suggestIdColumn } from './suggestIdColumn';
import { useIdUniqueness, useModelCheck, useRunModel, useSaveModel } from './queries';
import { ModelOrigin } from './ModelOrigin';
import { VisualBuilder } from './VisualBuilder';
import { FormError } from '../components/FormError';
import { Button, LinkButton } from '../components/Button';
import { Tab, TabList } from '../components/Tab';
import { InputField } from '../components/Field';
import { WarehouseField } from '../warehouses/WarehouseField';

const RUN_LIMIT = 200;

/** Writes, checks, runs, saves and deletes one model (or a new one when `model` is undefined). */
export function ModelEditor({
  model,
  warehouses,
  startVisual = false,
  onSaved,
  onDeleted,
  onReload,
}: {
  model: ModelSummary | undefined;
  warehouses: WarehouseSummary[];
  startVisual?: boolean;
  onSaved: (id: string) => void;
  onDeleted: () => void;
  /** Replaces this editor with a fresh one on the stored model (after a file conflict ends). */
  onReload?: (id: string) => void;
}) {
  const session = useBuilderSession();
  const toast = useToast();
  const sessionBuilder = model ? session.get(model.id) : undefined;
  const [name, setName] = useState(model?.name ?? '');
  const [warehouse, setWarehouse] = useState(
    model?.warehouseId ?? (warehouses.find((w) => w.isSample) ?? warehouses[0])?.id ?? '',
  );
  const [mode, setMode] = useState<'sql' | 'visual'>(
    sessionBuilder || (!model && startVisual) ? 'visual' : 'sql',
  );
  const [builder, setBuilder] = useState<BuilderState>(sessionBuilder ?? emptyBuilder);
  const [handSql, setHandSql] = useState(model?.sql ?? '');
  const [idColumn, setIdColumn] = useState(model?.idColumn ?? 'id');
  const [timestampColumn, setTimestampColumn] = useState(model?.timestampColumn ?? '');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [confirmingSql, setConfirmingSql] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);

  const tables = useWarehouseTables(warehouse || undefined);
  const tableList = tables.data?.tables;
  const sql = mode === 'visual' ? buildSql(builder, tableList ?? []) : handSql;

  const savedId = model?.id;
  const draft = useMemo(
    () =>
      sql.trim()
        ? {
            warehouse,
            sql,
            idColumn,
            timestampColumn: timestampColumn || null,
            // A saved model's syncs are checked too (an id type that would merge stored ids).
            ...(savedId ? { model: savedId } : {}),
          }
        : undefined,
    [warehouse, sql, idColumn, timestampColumn, savedId],
  );
  const settled = useDebounced(draft, 400);
  const check = useModelCheck(settled);
  const upToDate = settled === draft && !check.isPlaceholderData && !check.isFetching;
  const problems = draft ? (check.data?.problems ?? []) : [];
  const columns = check.data?.columns ?? [];

  const run = useRunModel();
  const save = useSaveModel();
  const { call } = useApi();
  const syncs = useWithoutDeleted(useSyncs().data ?? []);
  const usedBy = model ? syncs.filter((s) => s.modelId === model.id) : [];

  const changed =
    !model ||
    name !== model.name ||
    warehouse !== model.warehouseId ||
    sql !== model.sql ||
    idColumn !== model.idColumn ||
    (timestampColumn || null) !== model.timestampColumn;
  // A new model counts as edited once something was typed into it.
  const dirty = model ? changed : name.trim() !== '' || sql.trim() !== '';

  const doRun = () => {
    if (!sql.trim() || !warehouse) return;
    run.mutate({
      warehouse,
      sql,
      idColumn,
      timestampColumn: timestampColumn || null,
      limit: RUN_LIMIT,
    });
  };
  /** Saves; a model with problems is saved as a draft that says so. Answers whether it saved. */
  const saveNow = async (): Promise<boolean> => {
    if (!name.trim()) {
      setNameError('Give the model a name.');
      return false;
    }
    if (!sql.trim()) return false;
    const fields = { warehouse, sql, idColumn, timestampColumn: timestampColumn || null };
    let saved: ModelSummary;
    try {
      saved = await save.mutateAsync(
        model
          ? { kind: 'update', input: { model: model.id, name, ...fields } }
          : { kind: 'add', input: { name, ...fields } },
      );
    } catch {
      return false; // shown above the editor by save.error
    }
    if (mode === 'visual') session.set(saved.id, builder);
    else session.delete(saved.id);
    const problemCount = saved.problems?.length ?? 0;
    if (saved.origin?.kind === 'file' && saved.origin.status === 'conflict')
      toast(
        {
          tone: 'error',
          title: `Saved “${saved.name}” in Ebb only`,
          body: 'Its file changed outside Ebb too, so it was not overwritten: pick a version above the editor.',
        },
        6000,
      );
    else if (problemCount > 0)
      toast(
        {
          tone: 'info',
          title: `Saved “${saved.name}” as a draft with ${problemCount} problem${problemCount === 1 ? '' : 's'}`,
          body: 'No sync can be created on it or run it until they are fixed.',
        },
        6000,
      );
    else toast({ tone: 'success', title: `Saved model “${saved.name}”` }, 3000);
    onSaved(saved.id);
    return true;
  };
  const doSave = () => void saveNow();
  useUnsavedChanges(
    dirty,
    model ? `The model “${model.name}”` : name.trim() ? `The new model “${name}”` : 'The new model',
    saveNow,
  );
  useShortcut('Enter', doRun);
  useShortcut('s', doSave);

  // Until the analyst picks one, the id column follows the query: "id", else a *_id column.
  const [idChosen, setIdChosen] = useState(!!model);
  const suggestedId = suggestIdColumn(columns, sql);
  useEffect(() => {
    if (!idChosen && suggestedId && suggestedId !== idColumn) setIdColumn(suggestedId);
  }, [idChosen, suggestedId, idColumn]);
  const uniqueness = useIdUniqueness();

  const idOptions = columns.map((c) => c.name);
  const idMissing = idColumn && !idOptions.includes(idColumn);
  const tsMissing = timestampColumn && !idOptions.includes(timestampColumn);

  return (
    <div className="editor-layout" aria-label="Model editor" role="region">
      <header className="editor-toolbar">
        <InputField
          label="Name"
          className="grow"
          value={name}
          aria-invalid={!!nameError}
          placeholder="e.g. Active users"
          // A new model starts at its name; Enter there saves, as a form's Enter would.
          autoFocus={!model}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
            if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
            e.preventDefault();
            if (sql.trim() && !save.isPending) doSave();
          }}
          onValue={(text) => {
            setName(text);
            setNameError(null);
          }}
          error={nameError}
        />
        <WarehouseField warehouses={warehouses} value={warehouse} onValue={setWarehouse} />
        <TabList className="segmented mode-switch" label="Model kind">
          <Tab
            look="segment"
            selected={mode === 'sql'}
            onClick={() => mode === 'visual' && setConfirmingSql(true)}
          >
            SQL
          </Tab>
          <Tab
            look="segment"
            selected={mode === 'visual'}
            disabled={mode === 'sql'}
            title={
              mode === 'sql'
                ? 'A model written in SQL cannot be turned back into the visual builder.'
                : undefined
            }
          >
            Visual
          </Tab>
        </TabList>
      </header>
      {model && <ModelOrigin model={model} onReload={() => onReload?.(model.id)} />}

      {confirmingDelete && model && (
        <ConfirmDelete
          kind="model"
          item={model}
          usedBy={usedBy}
          remove={() => call('models.remove', { model: model.id })}
          refreshes="models"
          onDeleted={onDeleted}
          onCancel={() => setConfirmingDelete(false)}
        />
      )}
      <FormError error={save.error} />

      <div className="editor-columns">
        <label className="field">
          <span>Unique id column</span>
          <select
            className={idMissing ? 'input invalid' : 'input'}
            value={idColumn}
            aria-label="Unique id column"
            onChange={(e) => {
              setIdColumn(e.target.value);
              setIdChosen(true);
              uniqueness.reset();
            }}
          >
            {idMissing && <option value={idColumn}>{idColumn} (not in the query)</option>}
            {!idColumn && <option value="">Choose…</option>}
            {idOptions.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
          <small className="muted id-check">
            {uniqueness.data ? (
              uniqueness.data.distinct === uniqueness.data.rows && uniqueness.data.nulls === 0 ? (
                <span className="ok-text">
                  Unique: {uniqueness.data.rows.toLocaleString()} rows, no nulls
                </span>
              ) : (
                <span className="warn-text">
                  Not unique: {uniqueness.data.rows.toLocaleString()} rows,{' '}
                  {uniqueness.data.distinct.toLocaleString()} distinct,{' '}
                  {uniqueness.data.nulls.toLocaleString()} null
                </span>
              )
            ) : uniqueness.isError ? (
              <span className="warn-text">{uniqueness.error.message}</span>
            ) : (
              <LinkButton
                disabled={!draft || idMissing !== false || uniqueness.isPending}
                onClick={() => draft && uniqueness.mutate({ ...draft, column: idColumn, idColumn })}
              >
                {uniqueness.isPending ? 'Checking…' : 'Check it is unique'}
              </LinkButton>
            )}
          </small>
        </label>
        <label className="field">
          <span title="Optional: the column that says when a row last changed (e.g. updated_at). Ebb checks that the query has it.">
            Timestamp <span className="muted">(optional)</span>
          </span>
          <select
            className={tsMissing ? 'input invalid' : 'input'}
            value={timestampColumn}
            aria-label="Timestamp column"
            onChange={(e) => setTimestampColumn(e.target.value)}
          >
            <option value="">None</option>
            {tsMissing && (
              <option value={timestampColumn}>{timestampColumn} (not in the query)</option>
            )}
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} · {c.type}
              </option>
            ))}
          </select>
          <small className="muted">When a row last changed (updated_at)</small>
        </label>
        <div className="toolbar-actions">
          {/* Always laid out (hidden when clean, Delete too for a new model): the toolbar never reflows. */}
          <span
            className={dirty && model ? 'badge warn' : 'badge warn invisible'}
            aria-hidden={!(dirty && model)}
          >
            Unsaved
          </span>
          <Button
            onClick={doRun}
            disabled={run.isPending || !sql.trim()}
            title={`Run the model and show its first rows (${shortcutLabel('Enter')})`}
          >
            {run.isPending ? 'Running…' : 'Run'} <kbd>{shortcutLabel('↵')}</kbd>
          </Button>
          <Button
            tone="primary"
            onClick={doSave}
            disabled={save.isPending || !sql.trim()}
            title={`Save the model (${shortcutLabel('S')})`}
          >
            {save.isPending ? 'Saving…' : 'Save'} <kbd>{shortcutLabel('S')}</kbd>
          </Button>
          <Button
            tone="danger"
            className={model ? undefined : 'invisible'}
            aria-hidden={!model}
            tabIndex={model ? undefined : -1}
            disabled={!model}
            onClick={() => setConfirmingDelete(true)}
          >
            Delete
          </Button>
        </div>
      </div>

      {confirmingSql && (
        <div className="confirm warn" role="alertdialog" aria-label="Switch to SQL">
          <span>
            Switch to SQL? The generated SQL stays and you edit it by hand;{' '}
            <strong>you cannot switch this model back to the visual builder.</strong>
          </span>
          <Button
            tone="primary"
            onClick={() => {
              setHandSql(sql);
              setMode('sql');
              setConfirmingSql(false);
              if (model) session.delete(model.id);
            }}
          >
            Switch to SQL
          </Button>
          <Button onClick={() => setConfirmingSql(false)}>Keep the builder</Button>
        </div>
      )}

      {mode === 'visual' ? (
        <QueryView
          query={tables}
          loadingLabel="Reading tables…"
          errorTitle="Could not read the warehouse"
        >
          {(found) => <VisualBuilder tables={found.tables} state={builder} onChange={setBuilder} />}
        </QueryView>
      ) : (
        <SqlEditor
          value={handSql}
          onChange={setHandSql}
          problems={problems}
          tables={tableList}
          onRun={doRun}
          onSave={doSave}
          ariaLabel="Model SQL"
          placeholder="select user_id, email from main.users"
        />
      )}

      <section className="problems" aria-label="Problems">
        <h3 className="section-title">
          Problems {draft && check.isFetching && <span className="muted small">checking…</span>}
          {draft && !check.isFetching && upToDate && problems.length === 0 && (
            <span className="badge ok">No problems</span>
          )}
          {problems.length > 0 && <span className="badge error">{problems.length}</span>}
        </h3>
        <FormError error={check.error} />
        {!draft && <p className="muted small">Write a query to check it against the limits.</p>}
        {problems.length > 0 && (
          <ul className="problem-list">
            {problems.map((p, i) => (
              <li key={`${p.code}-${i}`} className="problem">
                <span className="badge error mono">{p.code}</span>
                <span>
                  {p.message}
                  {p.line !== undefined && (
                    <span className="muted small">
                      {' '}
                      (line {p.line}
                      {p.column !== undefined ? `, column ${p.column}` : ''})
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="results" aria-label="Results">
        <h3 className="section-title">
          Results
          {run.data && (
            <span className="muted small">
              {' '}
              {run.data.truncated
                ? `first ${run.data.rows.length.toLocaleString()} rows`
                : `${run.data.rows.length.toLocaleString()} row${run.data.rows.length === 1 ? '' : 's'}`}{' '}
              · {run.data.tookMs.toLocaleString()} ms
            </span>
          )}
        </h3>
        {run.isPending ? (
          <LoadingState label="Running the model…" />
        ) : run.isError ? (
          <ErrorState title="The model did not run" error={run.error} onRetry={doRun} />
        ) : run.data ? (
          run.data.rows.length === 0 ? (
            <EmptyState title="No rows">The query answered no rows.</EmptyState>
          ) : (
            <ResultGrid columns={run.data.columns} rows={run.data.rows} label="Model rows" />
          )
        ) : (
          <p className="muted small">
            Press {shortcutLabel('Enter')} or Run to see the first {RUN_LIMIT} rows.
          </p>
        )}
      </section>

      {/* Under the results: what the builder makes is read after the rows it gives. */}
      {mode === 'visual' && tables.data && (
        <section className="builder-sql" aria-label="Generated SQL">
          <h3 className="section-title">Generated SQL</h3>
          <SqlEditor
            value={sql}
            readOnly
            problems={problems}
            ariaLabel="Generated SQL"
            onRun={doRun}
            onSave={doSave}
          />
        </section>
      )}
    </div>
  );
}
