import { useState, type FormEvent } from 'react';
import type { WarehouseSummary } from '../../../core/api/types';
import { useImportDbt, useProjectDir, useProjectFolder } from './queries';

/** Models from outside the app: a dbt manifest, or a project folder of model files in git. */
export function ImportPanel({ warehouses }: { warehouses: WarehouseSummary[] }) {
  return (
    <div className="import-panel" aria-label="Import models" role="region">
      <DbtImport warehouses={warehouses} />
      <ProjectFolder />
    </div>
  );
}

function DbtImport({ warehouses }: { warehouses: WarehouseSummary[] }) {
  const [manifest, setManifest] = useState('');
  const [warehouse, setWarehouse] = useState(warehouses[0]?.id ?? '');
  const run = useImportDbt();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (manifest.trim() && warehouse) run.mutate({ manifest: manifest.trim(), warehouse });
  };
  return (
    <form className="card form" onSubmit={submit} aria-label="Import a dbt manifest">
      <h3>Import dbt models</h3>
      <p className="muted">
        Every model dbt materializes as a table, view or incremental becomes a model selecting from
        it, with its description; the column of its <code>unique</code> test is its id. Importing
        again updates them.
      </p>
      <label className="field">
        <span>manifest.json</span>
        <input
          className="input mono"
          value={manifest}
          placeholder="/path/to/dbt_project/target/manifest.json"
          onChange={(e) => setManifest(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Warehouse dbt builds into</span>
        <select className="input" value={warehouse} onChange={(e) => setWarehouse(e.target.value)}>
          {warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={run.isPending || !manifest.trim() || !warehouse}
        >
          {run.isPending ? 'Importing…' : 'Import'}
        </button>
      </div>
      {run.error && (
        <p className="form-error" role="alert">
          {run.error.message}
        </p>
      )}
      {run.data && (
        <table className="data-table" aria-label="Imported dbt models">
          <thead>
            <tr>
              <th>Model</th>
              <th>Relation</th>
              <th>Id column</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {run.data.models.map((m) => (
              <tr key={m.name}>
                <td>{m.name}</td>
                <td className="mono">{m.relation}</td>
                <td className="mono">
                  {m.idColumn}
                  {m.idColumnFrom === 'guess' && <span className="badge warn">check</span>}
                </td>
                <td>{m.problem ? `${m.action}; cannot be read yet: ${m.problem}` : m.action}</td>
              </tr>
            ))}
            {run.data.skipped.map((s) => (
              <tr key={`skipped-${s.name}`}>
                <td>{s.name}</td>
                <td colSpan={2} className="muted">
                  {s.reason}
                </td>
                <td>skipped</td>
              </tr>
            ))}
            {run.data.models.length === 0 && run.data.skipped.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  The manifest has no models.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </form>
  );
}

function ProjectFolder() {
  const current = useProjectDir();
  const [dir, setDir] = useState<string | null>(null);
  const folder = useProjectFolder();
  const value = dir ?? current.data?.dir ?? '';
  const act = (action: 'import' | 'export') => {
    if (value.trim()) folder.mutate({ action, dir: value.trim() });
  };
  return (
    <form
      className="card form"
      aria-label="Project folder"
      onSubmit={(e) => {
        e.preventDefault();
        act('import');
      }}
    >
      <h3>Models as files</h3>
      <p className="muted">
        A project folder (<code>ebb.yml</code> and <code>models/*.sql</code>) keeps models in git.
        Export writes every model to it; import reads it. From then on saving a model writes its
        file, and changes made to the files (a <code>git pull</code>) are picked up.
      </p>
      <label className="field">
        <span>Project folder</span>
        <input
          className="input mono"
          value={value}
          placeholder="/path/to/analytics-repo/ebb"
          onChange={(e) => setDir(e.target.value)}
        />
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={folder.isPending || !value.trim()}
          onClick={() => act('export')}
        >
          Export to folder
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={folder.isPending || !value.trim()}
        >
          Import folder
        </button>
      </div>
      {folder.error && (
        <p className="form-error" role="alert">
          {folder.error.message}
        </p>
      )}
      {folder.data && (
        <table className="data-table" aria-label="Model files">
          <thead>
            <tr>
              <th>Model</th>
              <th>File</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {folder.data.models.map((m) => (
              <tr key={m.path}>
                <td>{m.name}</td>
                <td className="mono">{m.path}</td>
                <td>{m.message ? `${m.action}: ${m.message}` : m.action}</td>
              </tr>
            ))}
            {folder.data.models.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  No model files in {folder.data.dir}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </form>
  );
}
