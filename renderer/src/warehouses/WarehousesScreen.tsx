import { useEffect, useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { AddWarehouseForm } from './AddWarehouseForm';
import { useTestWarehouse, useWarehouses, useWarehouseTables } from './queries';
import { TableBrowser } from './TableBrowser';
import { warehouseKindForm } from './warehouseKinds';

export function WarehousesScreen() {
  const warehouses = useWarehouses();
  const [selected, setSelected] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const list = warehouses.data ?? [];
  const current = list.find((w) => w.id === selected) ?? list[0];
  const tables = useWarehouseTables(adding ? undefined : current?.id);
  const test = useTestWarehouse();

  useEffect(() => {
    if (!selected && list[0]) setSelected(list[0].id);
  }, [selected, list]);

  if (warehouses.isPending) return <LoadingState label="Loading warehouses…" />;
  if (warehouses.isError) {
    return (
      <ErrorState
        title="Could not load warehouses"
        error={warehouses.error}
        onRetry={() => void warehouses.refetch()}
      />
    );
  }

  return (
    <div className="screen split">
      <section className="pane list-pane" aria-label="Warehouses">
        <header className="pane-header">
          <h1>Warehouses</h1>
          <button type="button" className="button" onClick={() => setAdding(true)}>
            + Add
          </button>
        </header>
        {list.length === 0 ? (
          <EmptyState title="No warehouse yet">
            Add a DuckDB file, a PostgreSQL or MySQL database, or a folder of Parquet/CSV files to
            start modelling.
          </EmptyState>
        ) : (
          <ul className="entity-list">
            {list.map((warehouse) => (
              <li key={warehouse.id}>
                <button
                  type="button"
                  className={!adding && warehouse.id === current?.id ? 'entity active' : 'entity'}
                  onClick={() => {
                    setSelected(warehouse.id);
                    setAdding(false);
                  }}
                >
                  <span className="entity-title">
                    {warehouse.name}
                    {warehouse.isSample && <span className="badge accent">Sample</span>}
                  </span>
                  <span className="entity-sub">
                    <span className="badge">{warehouseKindForm(warehouse.kind).badge}</span>
                    <span className="mono truncate" title={warehouse.location}>
                      {warehouse.location}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="pane detail-pane" aria-label="Warehouse details">
        {adding ? (
          <AddWarehouseForm
            onDone={(id) => {
              setSelected(id);
              setAdding(false);
            }}
          />
        ) : !current ? (
          <EmptyState title="Nothing selected">Choose a warehouse to browse its tables.</EmptyState>
        ) : (
          <>
            <header className="pane-header">
              <div>
                <h2>{current.name}</h2>
                <p className="muted small">
                  State schema <span className="mono">{current.stateSchema}</span>
                </p>
              </div>
              <button
                type="button"
                className="button"
                disabled={test.isPending}
                onClick={() => test.mutate(current.id)}
              >
                {test.isPending ? 'Testing…' : 'Test connection'}
              </button>
            </header>
            {test.isSuccess && test.variables === current.id && (
              <p className="form-ok" role="status">
                Connection OK ({test.data.tookMs} ms).
              </p>
            )}
            {test.isError && test.variables === current.id && (
              <p className="form-error" role="alert">
                Connection failed: {test.error.message}
              </p>
            )}
            {tables.isPending ? (
              <LoadingState label="Reading tables…" />
            ) : tables.isError ? (
              <ErrorState
                title="Could not read the warehouse"
                error={tables.error}
                onRetry={() => void tables.refetch()}
              />
            ) : tables.data.tables.length === 0 ? (
              <EmptyState title="No tables">This warehouse has no tables yet.</EmptyState>
            ) : (
              <TableBrowser key={current.id} tables={tables.data.tables} />
            )}
          </>
        )}
      </section>
    </div>
  );
}
