import { useEffect } from 'react';
import { ListPane } from '../components/ListPane';
import { kindAndPlace, useListDetail } from '../components/useListDetail';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import {
  useTestWarehouse,
  useWarehouseKinds,
  useWarehouses,
  useWarehouseSettings,
  useWarehouseTables,
} from './queries';
import { TableBrowser } from './TableBrowser';
import { WarehouseForm } from './WarehouseForm';
import { warehouseBadge } from './warehouseKinds';

export function WarehousesScreen() {
  const warehouses = useWarehouses();
  const { selected, setSelected, adding, setAdding, editing, setEditing, select } = useListDetail();
  const list = warehouses.data ?? [];
  const current = list.find((w) => w.id === selected) ?? list[0];
  const isEditing = !adding && current !== undefined && editing === current.id;
  const tables = useWarehouseTables(adding || isEditing ? undefined : current?.id);
  const settings = useWarehouseSettings(isEditing ? current?.id : undefined);
  const kinds = useWarehouseKinds();
  const test = useTestWarehouse();

  useEffect(() => {
    if (!selected && list[0]) setSelected(list[0].id);
  }, [selected, list]);

  return (
    <div className="screen split">
      <ListPane
        title="Warehouses"
        add={{
          onAdd: () => {
            setAdding(true);
            setEditing(undefined);
          },
        }}
        state={{
          loading: warehouses.isPending,
          error: warehouses.error,
          onRetry: () => void warehouses.refetch(),
        }}
        empty={{
          title: 'No warehouse yet',
          body: 'Add a DuckDB file, a PostgreSQL or MySQL database, a folder of Parquet/CSV files, Snowflake or BigQuery to start modelling.',
        }}
        items={list.map((warehouse) => ({
          key: warehouse.id,
          title: warehouse.name,
          badges: warehouse.isSample && <span className="badge accent">Sample</span>,
          subtitle: [kindAndPlace(warehouseBadge(warehouse.kind), warehouse.location)],
        }))}
        selectedKey={adding ? undefined : current?.id}
        onSelect={select}
      />
      <section className="pane detail-pane" aria-label="Warehouse details">
        {warehouses.isPending || warehouses.isError ? null : (adding || isEditing) &&
          kinds.isPending ? (
          <LoadingState label="Loading warehouse kinds…" />
        ) : (adding || isEditing) && kinds.isError ? (
          <ErrorState
            title="Could not load the warehouse kinds"
            error={kinds.error}
            onRetry={() => void kinds.refetch()}
          />
        ) : adding ? (
          <WarehouseForm
            kinds={kinds.data ?? []}
            onDone={(warehouse) => {
              setSelected(warehouse.id);
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : isEditing && current ? (
          settings.isPending ? (
            <LoadingState label="Loading its settings…" />
          ) : settings.isError ? (
            <ErrorState
              title="Could not read this warehouse's settings"
              error={settings.error}
              onRetry={() => void settings.refetch()}
            />
          ) : (
            <WarehouseForm
              key={current.id}
              kinds={kinds.data ?? []}
              existing={{ summary: current, settings: settings.data.settings }}
              onDone={() => setEditing(undefined)}
              onCancel={() => setEditing(undefined)}
            />
          )
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
              <div className="form-actions">
                <button
                  type="button"
                  className="button"
                  disabled={test.isPending}
                  onClick={() => test.mutate(current.id)}
                >
                  {test.isPending ? 'Testing…' : 'Test connection'}
                </button>
                {!current.isSample && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      test.reset();
                      setEditing(current.id);
                    }}
                  >
                    Edit
                  </button>
                )}
              </div>
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
