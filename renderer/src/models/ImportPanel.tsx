import { useState, type FormEvent } from 'react';
import type { WarehouseSummary } from '../../../core/api/types';
import { useImportDbt, useProjectDir, useProjectFolder } from './queries';
import { Button } from '../components/Button';
import { InputField } from '../components/Field';
import { WarehouseField } from '../warehouses/WarehouseField';
import { ResultTable } from '../components/ResultTable';

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
      <InputField
        label="manifest.json"
        mono
        value={manifest}
        placeholder="/path/to/dbt_project/target/manifest.json"
        onValue={setManifest}
      />
      <WarehouseField
        label="Warehouse dbt builds into"
        warehouses={warehouses}
        value={warehouse}
        onValue={setWarehouse}
      />
      <div className="form-actions">
        <Button
          type="submit"
          tone="primary"
          disabled={run.isPending || !manifest.trim() || !warehouse}
        >
          {run.isPending ? 'Importing…' : 'Import'}
        </Button>
      </div>
      <ResultTable
        action={run}
        label="Imported dbt models"
        headers={['Model', 'Relation', 'Id column', 'Result']}
        empty={(report) =>
          report.models.length === 0 && report.skipped.length === 0 && 'The manifest has no models.'
        }
      >
        {(report) => (
          <>
            {report.models.map((m) => (
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
            {report.skipped.map((s) => (
              <tr key={`skipped-${s.name}`}>
                <td>{s.name}</td>
                <td colSpan={2} className="muted">
                  {s.reason}
                </td>
                <td>skipped</td>
              </tr>
            ))}
          </>
        )}
      </ResultTable>
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
      <InputField
        label="Project folder"
        mono
        value={value}
        placeholder="/path/to/analytics-repo/ebb"
        onValue={setDir}
      />
      <div className="form-actions">
        <Button disabled={folder.isPending || !value.trim()} onClick={() => act('export')}>
          Export to folder
        </Button>
        <Button type="submit" tone="primary" disabled={folder.isPending || !value.trim()}>
          Import folder
        </Button>
      </div>
      <ResultTable
        action={folder}
        label="Model files"
        headers={['Model', 'File', 'Result']}
        empty={(written) => written.models.length === 0 && `No model files in ${written.dir}.`}
      >
        {(written) => (
          <>
            {written.models.map((m) => (
              <tr key={m.path || m.name}>
                <td>{m.name}</td>
                <td className="mono">{m.path}</td>
                <td>{m.message ? `${m.action}: ${m.message}` : m.action}</td>
              </tr>
            ))}
          </>
        )}
      </ResultTable>
    </form>
  );
}
