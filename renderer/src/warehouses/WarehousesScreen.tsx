import { useEffect, useState } from 'react';
import { ListPane } from '../components/ListPane';
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

  return (
    <div className="screen split">
      <ListPane
        title="Warehouses"
        add={{ onAdd: () => setAdding(true) }}
        state={{
          loading: warehouses.isPending,
          error: warehouses.error,
          onRetry: () => void warehouses.refetch(),
        }}
        empty={{
          title: 'No warehouse yet',
          body: 'Add a DuckDB file, a PostgreSQL or MySQL database, or a folder of Parquet/CSV files to start modelling.',
        }}
        items={list.map((warehouse) => ({
          key: warehouse.id,
          title: warehouse.name,
          badges: warehouse.isSample && <span className="badge accent">Sample</span>,
          subtitle: [
            <>
              <span className="badge">{warehouseKindForm(warehouse.kind).badge}</span>
              <span className="mono truncate" title={warehouse.location}>
                {warehouse.location}
              </span>
            </>,
          ],
        }))}
        selectedKey={adding ? undefined : current?.id}
        onSelect={(id) => {
          setSelected(id);
          setAdding(false);
        }}
      />
      <section className="pane detail-pane" aria-label="Warehouse details">
        {warehouses.isPending || warehouses.isError ? null : adding ? (
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
