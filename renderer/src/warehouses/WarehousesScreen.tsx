import { useEffect } from 'react';
import { ListPane } from '../components/ListPane';
import { kindAndPlace, useListDetail } from '../components/useListDetail';
import { useGuarded } from '../shell/unsavedChanges';
import { Button } from '../components/Button';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';
import { EmptyState, QueryView, queryState } from '../components/States';
import { TestConnectionButton } from '../components/TestConnectionButton';
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
  // A warehouse form with unsaved edits asks before another item or the add form replaces it.
  const guarded = useGuarded();
  const list = warehouses.data ?? [];
  const current = list.find((w) => w.id === selected) ?? list[0];
  const isEditing = !adding && current !== undefined && editing === current.id;
  const editingWarehouse = isEditing ? current : undefined;
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
          onAdd: () =>
            guarded(() => {
              setAdding(true);
              setEditing(undefined);
            }),
        }}
        state={queryState(warehouses)}
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
        onSelect={(id) => guarded(() => select(id))}
      />
      <section className="pane detail-pane" aria-label="Warehouse details">
        {warehouses.isPending || warehouses.isError ? null : adding || isEditing ? (
          <QueryView
            query={kinds}
            loadingLabel="Loading warehouse kinds…"
            errorTitle="Could not load the warehouse kinds"
          >
            {(kindList) =>
              adding ? (
                <WarehouseForm
                  kinds={kindList}
                  onDone={(warehouse) => {
                    setSelected(warehouse.id);
                    setAdding(false);
                  }}
                  onCancel={() => setAdding(false)}
                />
              ) : (
                editingWarehouse && (
                  <QueryView
                    query={settings}
                    loadingLabel="Loading its settings…"
                    errorTitle="Could not read this warehouse's settings"
                  >
                    {(saved) => (
                      <WarehouseForm
                        key={editingWarehouse.id}
                        kinds={kindList}
                        existing={{ summary: editingWarehouse, settings: saved.settings }}
                        onDone={() => setEditing(undefined)}
                        onCancel={() => setEditing(undefined)}
                      />
                    )}
                  </QueryView>
                )
              )
            }
          </QueryView>
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
                <TestConnectionButton test={test} id={current.id} />
                {!current.isSample && (
                  <Button
                    onClick={() => {
                      test.reset();
                      setEditing(current.id);
                    }}
                  >
                    Edit
                  </Button>
                )}
              </div>
            </header>
            {test.variables === current.id && <ConnectionCheckResult check={test} />}
            <QueryView
              query={tables}
              loadingLabel="Reading tables…"
              errorTitle="Could not read the warehouse"
            >
              {({ tables: found }) =>
                found.length === 0 ? (
                  <EmptyState title="No tables">This warehouse has no tables yet.</EmptyState>
                ) : (
                  <TableBrowser key={current.id} tables={found} />
                )
              }
            </QueryView>
          </>
        )}
      </section>
    </div>
  );
}
